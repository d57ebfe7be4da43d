# The hand computation of payouts: TestCompHandComputed works every figure
# out by hand from this plan and its deals.
plan "comp" {
  title  = "Payouts by hand"
  start  = "2027-01-01"
  months = 12
  as_of  = "2027-05-15"
}

import "deals" {
  csv = "data/deals.csv"
}

rep "ann" {
  role = "AE"
  ote  = 48000
}

rep "ben" {
  role = "AE"
  ote  = 48000
}

rep "cat" {
  role = "AE"
  ote  = 48000
}

rep "dan" {
  role  = "AE"
  ote   = 48000
  start = "2027-04-01"
}

rep "eve" {
  role = "AE"
  ote  = 48000
}

rep "sam" {
  role = "SDR"
  ote  = 40000
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "360000"
}

quota "meetings" {
  unit       = "meetings"
  applies_to = "rep.role == 'SDR'"
  annual     = "120"
}

actual "new_arr" {
  where  = "deal.kind == 'booking'"
  date   = "deal.close_date"
  amount = "deal.amount"
  rep    = "deal.owner"
}

actual "meetings" {
  where  = "deal.kind == 'meeting'"
  date   = "deal.close_date"
  amount = "deal.amount"
  rep    = "deal.owner"
}

comp "ae" {
  applies_to = "rep.role == 'AE'"
  measure    = "new_arr"
  target_pay = "rep.ote * 0.5"
  period     = "quarter"
  tier {
    from = 0
    rate = 0.5
  }
  tier {
    from = 0.5
    rate = 1
  }
  tier {
    from = 1
    rate = 1.5
  }
  cap = 2
}

comp "sdr" {
  measure    = "meetings"
  target_pay = "rep.ote * 0.3"
  period     = "month"
  tier {
    from = 0
    rate = 1
  }
  tier {
    from = 1
    rate = 2
  }
}

check "quota_to_ote" {
  scope  = "rep"
  where  = "rep.role == 'AE'"
  assert = "rep.full_quota.new_arr / (rep.target_pay.ae * 2) >= 4"
}

check "accelerator_exposure" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.payout.ae <= rep.target_pay.ae * 0.4"
  severity = "warning"
  message  = "paid {{ rep.payout.ae }} to date, over 40% of target pay"
}
