# What the agents are paid for Q1. Each agent's incentive (target pay) is
# 10% of their FY bookings quota, paid each quarter on the quarter's
# attainment: half rate below 50%, a catch-up slope to a factor of 1 at
# 100%, double above it, and at most 3 x the quarter's target pay.
# `quotaplan comp examples/crm-2017` prints the payouts and what the plan
# costs at uniform attainment.
#
# A tier's rate is the slope of the payout factor over its range, so the
# factor at 100% is 0.5 x 0.5 + 1.5 x 0.5 = 1: the target pay.
comp "agents" {
  measure    = "bookings"
  target_pay = "rep.quota.bookings * 0.1"
  period     = "quarter"
  tier {
    from = 0
    rate = 0.5
  }
  tier {
    from = 0.5
    rate = 1.5
  }
  tier {
    from = 1
    rate = 2
  }
  cap = 3
}
