# Pinned numbers, worked out by hand from the plan's rules and the CRM
# figures that examples/crm2017_test.go pins independently.

# Anna Snelling closed 202,178 in the history window: 202178 x 12 / 7 x
# 1.1 = 381,249.94 a year, 31,770.83 a month, rounded to 32,000.
test "quota_from_history" {
  assert = "quota('Anna Snelling', 'bookings', '2017-10') == 32000"
}

# As of 2017-12-31 all of Q1 has elapsed: 3 x 32,000 to date, against
# 72,878 won (15,416 + 21,008 + 36,454), 75.9%.
test "attainment_to_date" {
  assert = "quota('Anna Snelling', 'bookings', 'TD') == 96000 && actual('Anna Snelling', 'bookings', 'Q1') == 72878"
}

# Mei-Mei Johns has no deal at all: the median of the 30 agents' history
# (208,509.50, between 202,178 and 214,841) x 12 / 7 x 1.1 = 393,189.34,
# 32,765.78 a month, rounded to 33,000.
test "capacity_without_history" {
  assert = "plan.median_history == 208509.5 && quota('Mei-Mei Johns', 'bookings', '2017-10') == 33000"
}

# Melvin Marxen is credited with his six agents' Q1 wins, once each.
test "manager_credit" {
  assert = "actual('Melvin Marxen', 'team_bookings', 'Q1') == 670788"
}

# Darcel Schlecht's 194 open deals at list price, 93 of them GTXPro
# priced as GTX Pro; all dated 2018-01-01, after as_of.
test "pipeline_at_list_price" {
  assert = "pipeline('Darcel Schlecht', 'bookings', '2018-01') == 656040 && pipeline('Darcel Schlecht', 'bookings', 'Q1') == 0"
}
