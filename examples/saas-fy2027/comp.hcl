# Compensation: what the plan pays, and what it costs before anyone sells
# (`quotaplan comp examples/saas-fy2027`). OTE is split 50/50 between base
# and variable for AEs and 70/30 for SDRs; the variable part is the target
# pay, paid on attainment of the quota the rep carries. This plan has no
# actuals yet, so nothing is paid: the cost curve says what the year
# costs at 50% to 150% attainment.

# AEs are paid each quarter on new ARR. A tier's rate is the slope of the
# payout curve: half rate below 50% (a decelerator), then 1.5 to catch up,
# so that 100% attainment pays exactly the target pay (0.5 x 0.5 + 1.5 x
# 0.5 = 1), and twice the rate above 100% (an accelerator), capped at 2.5
# times the quarter's target pay (reached at 175%).
comp "ae_new_arr" {
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
    rate = 1.5
  }
  tier {
    from = 1
    rate = 2
  }
  cap = 2.5
}

# SDRs are paid each month on meetings held: nothing below 50% of the
# month's quota, then twice the rate to reach the target pay at 100%,
# 1.25x above, capped at 1.5x.
comp "sdr_meetings" {
  applies_to = "rep.role == 'SDR'"
  measure    = "meetings"
  target_pay = "rep.ote * 0.3"
  period     = "month"
  tier {
    from = 0
    rate = 0
  }
  tier {
    from = 0.5
    rate = 2
  }
  tier {
    from = 1
    rate = 1.25
  }
  cap = 1.5
}

# Quota to variable pay: with a 50/50 split, the healthy 4-5x quota-to-OTE
# is 8-10x the target pay.
check "quota_to_target_pay" {
  scope    = "rep"
  where    = "rep.role == 'AE' && rep.target_pay.ae_new_arr > 0"
  assert   = "rep.full_quota.new_arr >= 8 * rep.target_pay.ae_new_arr && rep.full_quota.new_arr <= 10 * rep.target_pay.ae_new_arr"
  severity = "info"
  message  = "quota is {{ round(rep.full_quota.new_arr / rep.target_pay.ae_new_arr * 10) / 10 }}x target pay; healthy is 8-10x"
}

# Cost of sale at plan: the AEs' target pay against their quotas.
check "ae_cost_of_sale" {
  scope   = "plan"
  assert  = "sum(reps, .target_pay.ae_new_arr) <= 0.15 * sum(reps, .quota.new_arr)"
  message = "AE target pay is {{ round(sum(reps, .target_pay.ae_new_arr) / sum(reps, .quota.new_arr) * 1000) / 10 }}% of the AE quotas; keep it at or under 15%"
}
