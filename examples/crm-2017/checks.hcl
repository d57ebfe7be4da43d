# What a Q1 review asks of the plan. All are warnings: `quotaplan check`
# lists them and exits 0 (1 with --fail-on warning).

# What is left to close in H1 (October to March): the H1 quota less what
# was booked so far.
let "h1_to_close" {
  scope = "rep"
  expr  = "quota(rep.id, 'bookings', 'Q1') + quota(rep.id, 'bookings', 'Q2') - rep.actual.bookings"
}

# Pipeline coverage: the open book, at the win rate of the history window,
# must cover what is left of H1 (1 / 0.64 = 1.56x coverage).
check "pipeline_coverage" {
  scope    = "rep"
  where    = "rep.role != 'manager' && rep.h1_to_close > 0"
  assert   = "rep.pipeline.bookings * var.win_rate >= rep.h1_to_close"
  severity = "warning"
  message  = "open deals of {{ format(rep.pipeline.bookings, plan.currency) }} cover {{ round(rep.pipeline.bookings / rep.h1_to_close * 100) / 100 }}x of the {{ format(rep.h1_to_close, plan.currency) }} left to close in H1; at a {{ var.win_rate * 100 }}% win rate it takes {{ round(100 / var.win_rate) / 100 }}x"
}

# Attainment health: 60-70% of ramped agents at or above quota to date.
# Far below, quotas are out of reach; far above, they are too low.
let "ramped_agents" {
  scope = "plan"
  expr  = "count(reps, .role != 'manager' && .ramped.bookings && .attainment.bookings != nil)"
}

let "agents_at_quota" {
  scope = "plan"
  expr  = "count(reps, .role != 'manager' && .ramped.bookings && (.attainment.bookings ?? 0) >= 1)"
}

check "attainment_health" {
  scope    = "plan"
  where    = "plan.ramped_agents > 0"
  assert   = "plan.agents_at_quota / plan.ramped_agents >= var.healthy_share[0] && plan.agents_at_quota / plan.ramped_agents <= var.healthy_share[1]"
  severity = "warning"
  message  = "{{ plan.agents_at_quota }} of {{ plan.ramped_agents }} ramped agents ({{ round(plan.agents_at_quota / plan.ramped_agents * 100) }}%) are at quota to date; healthy is {{ var.healthy_share[0] * 100 }}-{{ var.healthy_share[1] * 100 }}%"
}

# Data faults of the export, surfaced rather than hidden.

# The pipeline writes GTXPro, the price list GTX Pro.
check "products_priced" {
  scope    = "plan"
  assert   = "sum(reps, .pipeline.unpriced_deals) == 0"
  severity = "warning"
  message  = "{{ sum(reps, .pipeline.unpriced_deals) }} open deals name a product that data/products.csv does not list (GTXPro, written GTX Pro there); var.product_alias prices them until the CRM is fixed"
}

check "accounts_on_open_deals" {
  scope    = "plan"
  assert   = "sum(reps, .pipeline.accountless_deals) == 0"
  severity = "warning"
  message  = "{{ sum(reps, .pipeline.accountless_deals) }} open deals have no account; fill it in before they are forecast (per agent: accountless_deals in the results)"
}

check "agents_have_deals" {
  scope    = "rep"
  where    = "rep.role != 'manager'"
  assert   = "rep.history.bookings != 0 || rep.actual.bookings != 0 || rep.pipeline.bookings != 0"
  severity = "warning"
  message  = "no deal in the CRM export, closed or open: a new hire, a leaver, or deals filed under another name? The quota is the median agent's ({{ format(rep.quota.bookings, plan.currency) }})"
}
