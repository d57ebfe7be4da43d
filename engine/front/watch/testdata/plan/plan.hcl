plan "watched" {
  title    = "Watched plan"
  start    = "2027-02-01"
  currency = "USD"
}

import "reps" {
  csv = "data/reps.csv"
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "rep.base"
}

goal "new_arr" {
  measure    = "new_arr"
  target     = 1000000
  overassign = 0.1
}

check "quota_cap" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.quota.new_arr <= 700000"
  severity = "warning"
  message  = "quota is {{ rep.quota.new_arr }}"
}
