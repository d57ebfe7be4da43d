# Checks turn RevOps rules of thumb into reviewable assertions. Each
# yields one result per subject; a failed `error` makes `quotaplan check`
# exit 1, a failed `warning` only with --fail-on warning.

check "quota_to_ote" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.full_quota.new_arr >= 4 * rep.ote && rep.full_quota.new_arr <= 5 * rep.ote"
  severity = "warning"
  message  = "quota is {{ round(rep.full_quota.new_arr / rep.ote * 100) / 100 }}x OTE; healthy is 4-5x"
}

# New hires have no pipeline yet (the cell is empty), so they are skipped.
check "pipeline_coverage" {
  scope    = "rep"
  where    = "rep.role == 'AE' && rep.pipeline != nil && rep.h1_quota > 0"
  assert   = "rep.pipeline >= var.coverage[territory.segment] * rep.h1_quota"
  severity = "warning"
  message  = "pipeline covers {{ round(rep.pipeline / rep.h1_quota * 100) / 100 }}x of the H1 quota; {{ territory.segment }} needs {{ var.coverage[territory.segment] }}x"
}

check "territory_capacity" {
  scope    = "territory"
  where    = "territory.capacity > 0"
  assert   = "territory.quota.new_arr <= territory.capacity"
  severity = "warning"
  message  = "quotas total {{ format(territory.quota.new_arr, plan.currency) }} but bottom-up capacity is {{ format(territory.capacity, plan.currency) }}"
}

check "capacity_gap" {
  scope   = "goal"
  where   = "goal.id == 'new_arr'"
  assert  = "plan.total_capacity >= goal.target * (1 - var.max_capacity_gap)"
  message = "bottom-up capacity {{ plan.total_capacity }} is {{ round(plan.total_capacity / goal.target * 100) }}% of the target {{ goal.target }}; close any gap over {{ var.max_capacity_gap * 100 }}% before publishing quotas"
}

check "overassignment" {
  scope   = "goal"
  where   = "goal.id == 'new_arr'"
  assert  = "goal.ratio >= 1.1 && goal.ratio <= 1.2"
  message = "quotas total {{ round(goal.ratio * 1000) / 10 }}% of the target; keep the cushion within 110-120%"
}

check "sdr_load" {
  scope    = "rep"
  where    = "rep.role == 'SDR'"
  assert   = "rep.full_quota.meetings <= 12 * 25"
  severity = "info"
  message  = "{{ round(rep.full_quota.meetings / 12) }} meetings a month at full productivity; above 25 is hard to sustain"
}

check "ae_has_manager" {
  scope   = "plan"
  assert  = "all(filter(reps, .role == 'AE'), .manager != nil)"
  message = "{{ count(reps, .role == 'AE' && .manager == nil) }} AEs have no manager; every AE needs one for the team roll-up"
}
