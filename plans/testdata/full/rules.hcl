ramp "standard" {
  tier {
    when   = "tenure_month == 1"
    factor = 0.4
  }
  tier {
    when   = "tenure_month == 2"
    factor = "var.growth * 2"
  }
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "territory.accounts * territory.win_rate * territory.avg_deal_size / 4"
  ramp       = "standard"
  season     = [0.2, 0.25, 0.25, 0.3]
  round      = 1000
}

quota "sdr_meetings" {
  measure    = "meetings"
  unit       = "meetings"
  applies_to = "rep.role == 'SDR'"
  monthly    = <<-EXPR
    rep.capacity_share *
      20
    EXPR
  prorate    = false
}

let "capacity" {
  scope = "territory"
  expr  = "territory.accounts * territory.win_rate * territory.avg_deal_size"
}

let "capacity_share" {
  scope = "rep"
  expr  = "1"
}

let "total" {
  expr = "sum(reps, .ote ?? 0)"
}

check "quota_to_ote" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.full_quota.new_arr / rep.ote >= 4"
  severity = "warning"
  message  = "quota is {{ rep.full_quota.new_arr / rep.ote }}x OTE; healthy is 4-5x"
}

check "has_reps" {
  assert = "len(reps) > 0"
}

test "alice ramps" {
  assert   = "quota('alice', 'new_arr', '2027-03') == 40000"
  scenario = "stretch"
  vars = {
    growth = 0.3
  }
}
