# The same plan with four rules changed and one let added. The goal and
# the check's where are only written differently (alignment, a heredoc,
# 0.10 for 0.1): not a change.
ramp "new_hire" {
  tier {
    when   = "tenure_month == 1"
    factor = 0.5
  }
  tier {
    when   = "tenure_month <= 3"
    factor = 0.7
  }
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "rep.ote * 4.5 * (1 + var.growth)"
  ramp       = "new_hire"
  round      = 1000
}

goal "new_arr" {
  measure = "new_arr"
  target = 800000
  overassign = 0.10
}

check "quota_to_ote" {
  scope    = "rep"
  where    = <<-EXPR
    rep.role == 'AE'
  EXPR
  assert   = "rep.full_quota.new_arr / rep.ote <= 5.5"
  severity = "error"
  message  = "quota is {{ rep.full_quota.new_arr / rep.ote }}x OTE"
}

let "quota_per_ae" {
  scope = "plan"
  expr  = <<-EXPR
    sum(reps, .full_quota.new_arr ?? 0)
      / count(reps, .role == 'AE')
  EXPR
}
