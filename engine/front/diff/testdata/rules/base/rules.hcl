ramp "new_hire" {
  tier {
    when   = "tenure_month == 1"
    factor = 0.4
  }
  tier {
    when   = "tenure_month <= 3"
    factor = 0.7
  }
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "rep.ote * 4 * (1 + var.growth)"
  ramp       = "new_hire"
  round      = 1000
}

goal "new_arr" {
  measure    = "new_arr"
  target     = 800000
  overassign = 0.1
}

check "quota_to_ote" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.full_quota.new_arr / rep.ote <= 5"
  severity = "error"
  message  = "quota is {{ rep.full_quota.new_arr / rep.ote }}x OTE"
}
