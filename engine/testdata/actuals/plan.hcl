# The hand computation of actuals: TestActualsHandComputed works every
# figure out by hand from this plan and its two CSV files.
plan "actuals" {
  title  = "Actuals by hand"
  start  = "2027-01-01"
  months = 12
  as_of  = "2027-04-15"
}

import "deals" {
  csv = "data/deals.csv"
}

import "forecasts" {
  csv = "data/forecasts.csv"
}

rep "maria" {
  role = "manager"
}

rep "alice" {
  role    = "AE"
  manager = "maria"
}

rep "bob" {
  role    = "AE"
  manager = "maria"
  leave {
    from = "2027-02-01"
    to   = "2027-02-14"
  }
}

rep "carol" {
  role = "AE"
}

rep "sam" {
  role    = "SE"
  manager = "maria"
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "120000"
}

actual "new_arr" {
  where    = "deal.stage == 'Closed Won'"
  date     = "deal.close_date"
  amount   = "deal.amount"
  rep      = <<-EXPR
    deal.split_rep != nil ? fromPairs([[deal.owner, 1 - deal.split], [deal.split_rep, deal.split]]) :
    deal.overlay != nil ? [deal.owner, deal.overlay] : deal.owner
  EXPR
  managers = true
}

pipeline "new_arr" {
  where  = "deal.stage == 'Open'"
  date   = "deal.close_date"
  amount = "deal.amount"
  rep    = "deal.owner"
}

forecast "new_arr" {
  date   = "forecast.month"
  amount = "forecast.amount"
  rep    = "forecast.rep"
}

let "coverage" {
  scope = "rep"
  expr  = "rep.quota.new_arr - quota(rep.id, 'new_arr', 'TD') > 0 ? rep.pipeline.new_arr / (rep.quota.new_arr - quota(rep.id, 'new_arr', 'TD')) : 0"
}

check "attainment_health" {
  scope    = "plan"
  assert   = "count(reps, .ramped.new_arr && .attainment.new_arr >= 1) >= 0.6 * count(reps, .ramped.new_arr)"
  severity = "warning"
  message  = "fewer than 60% of ramped AEs are at quota"
}

test "alice_actual" {
  assert = "actual('alice', 'new_arr', 'FY') == 21500 && actual('alice', 'new_arr', '2027-04') == 1500"
}
