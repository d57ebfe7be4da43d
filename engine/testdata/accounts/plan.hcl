plan "acc" {
  start = "2027-02-01"
}
territory "na" {
  region = "NA"
}
territory "na-east" {
  parent = "na"
  region = "NA"
}
territory "na-west" {
  parent = "na"
  region = "NA"
}
territory "emea" {
  region = "EMEA"
}
rep "a" {
  role      = "AE"
  territory = "na-east"
}
rep "b" {
  role      = "AE"
  territory = "na-west"
}
rep "c" {
  role      = "AE"
  territory = "na-west"
}
rep "d" {
  role      = "AE"
  territory = "emea"
}
import "accounts" {
  csv = "data/accounts.csv"
  id  = "account"
}
carve "fy" {
  territory = "account.country == 'US' ? (account.state == 'NY' ? 'na-east' : 'na-west') : (account.country == 'DE' ? 'emea' : nil)"
  overrides = ["data/moves.csv"]
}
let "book_potential" {
  scope = "territory"
  expr  = "sum(territory.book, .potential)"
}
quota "new_arr" {
  annual   = "territory.book_potential * 0.1 / len(territory.reps)"
  round    = 1
  rounding = "cumulative"
}
