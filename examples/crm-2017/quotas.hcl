# Agents' bookings quota, grounded in their own closed deals: the history
# window holds var.history_months months of closes, annualised, plus the
# growth asked this year. Spread evenly and rounded to 1000 a month.
#
# An agent without a single closed deal in the window has no history to
# plan from: it gets the capacity of a typical agent, the median history
# of the agents who have one (the check agents_have_deals says who).
quota "bookings" {
  applies_to = "rep.role != 'manager'"
  annual     = <<-EXPR
    (rep.history.bookings > 0 ? rep.history.bookings : plan.median_history)
      * 12 / var.history_months * (1 + var.growth)
  EXPR
  round      = 1000
}

let "median_history" {
  scope = "plan"
  expr  = "median(map(filter(reps, .role != 'manager' && .history.bookings > 0), .history.bookings))"
}

# Managers carry their team's number. It restates the agents' quotas, so
# rollup = false keeps it out of the office and plan totals.
quota "team_bookings" {
  applies_to = "rep.role == 'manager'"
  annual     = "sum(rep.team, .full_quota.bookings)"
  round      = 1000
  rollup     = false
}

# Counts of open deals with a data fault, per agent (actuals.hcl fills
# them, checks.hcl reads them). They are measures so that pipeline blocks
# can count into them; nobody carries a quota for them.
quota "unpriced_deals" {
  unit       = "deals"
  applies_to = "false"
  annual     = "0"
  rollup     = false
}

quota "accountless_deals" {
  unit       = "deals"
  applies_to = "false"
  annual     = "0"
  rollup     = false
}
