# A starter sales plan: one team, two territories, five people.
#
# Try it:   quotaplan eval examples/starter
#           quotaplan eval examples/starter --by month
#           quotaplan check examples/starter
#
# Everything in this file is HCL. Attributes that hold a *rule* (annual,
# applies_to, when, assert, expr, ...) are expr-lang expressions written
# as strings; every other attribute is a plain value.

# The plan block sets the calendar: 12 monthly periods from 2027-02-01
# (Feb 2027 .. Jan 2028), grouped into quarters Q1 = Feb-Apr, Q2 = May-Jul,
# Q3 = Aug-Oct, Q4 = Nov-Jan.
plan "starter" {
  title    = "Starter plan FY2027"
  start    = "2027-02-01"
  months   = 12
  currency = "USD"
}

# Variables are the knobs of the plan. Rules read them as var.<name>;
# scenarios and --var flags override them.
variable "ae_quota" {
  default     = 600000
  description = "Full-productivity annual new ARR quota of an AE"
}

variable "meeting_to_opp" {
  default     = 0.5
  description = "Share of SDR meetings that become a qualified opportunity"
}

# quotaplan eval examples/starter --scenario stretch
scenario "stretch" {
  vars = {
    ae_quota = 700000
  }
}

# Territories: any attribute beyond name/parent is custom and visible to
# rules as territory.<name>.
territory "west" {
  name          = "West"
  avg_deal_size = 40000
  win_rate      = 0.25
}

territory "east" {
  name          = "East"
  avg_deal_size = 50000
  win_rate      = 0.2
}

# Reps. The label is the rep id; ote and pipeline are custom attributes.
rep "maria" {
  name = "Maria Lopez"
  role = "manager"
}

rep "alice" {
  name      = "Alice Chen"
  role      = "AE"
  territory = "west"
  manager   = "maria"
  ote       = 140000
  pipeline  = 2000000
}

rep "bob" {
  name      = "Bob Okafor"
  role      = "AE"
  territory = "west"
  manager   = "maria"
  ote       = 130000
  pipeline  = 1800000

  # Days on leave count as inactive: September and October are prorated.
  leave {
    from = "2027-09-16"
    to   = "2027-10-15"
  }
}

# Carol joins mid-May: no quota before her start, a prorated and ramped
# first month, and the new_hire ramp for her first three months.
rep "carol" {
  name      = "Carol Diaz"
  role      = "AE"
  territory = "east"
  manager   = "maria"
  start     = "2027-05-15"
  ote       = 160000
  pipeline  = 1400000
}

rep "sam" {
  name      = "Sam Patel"
  role      = "SDR"
  territory = "west"
  manager   = "maria"
}

# A ramp lowers quota while a rep gets up to speed. The first tier whose
# `when` holds gives the factor; otherwise the factor is 1. tenure_month
# is 1 in the month a rep starts (reps without a start are long tenured).
ramp "new_hire" {
  tier {
    when   = "tenure_month == 1"
    factor = 0.4
  }
  tier {
    when   = "tenure_month == 2"
    factor = 0.6
  }
  tier {
    when   = "tenure_month == 3"
    factor = 0.8
  }
}

# The AE revenue quota. annual is the full-productivity amount for the
# year; season spreads it over the quarters (each month gets a third of
# its quarter's weight), then ramp and proration apply month by month and
# every month is rounded to the nearest 1000.
quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "var.ae_quota"
  ramp       = "new_hire"
  season     = [0.2, 0.23, 0.25, 0.32]
  round      = 1000
}

# A derived value per territory: the meetings its AEs need to close their
# (ramped) quota: deals = quota / deal size, opportunities = deals / win
# rate, meetings = opportunities / meeting-to-opportunity rate.
let "meetings_needed" {
  scope = "territory"
  expr  = "territory.quota.new_arr / territory.avg_deal_size / territory.win_rate / var.meeting_to_opp"
}

# The SDR activity quota: every meeting the AEs need, shared among the
# SDRs, plus a 10% buffer for no-shows. Spread evenly over the months.
quota "meetings" {
  unit       = "meetings"
  applies_to = "rep.role == 'SDR'"
  annual     = "sum(territories, .meetings_needed) * 1.1 / count(reps, .role == 'SDR')"
  round      = 1
}

# The company goal the AE quotas must cover, with a 10% cushion:
# assigned quota should total about target x 1.1.
goal "new_arr" {
  description = "Grow new ARR to 1.4M"
  measure     = "new_arr"
  target      = 1400000
  overassign  = 0.1
}

# Checks run on every subject in scope (here each AE). A failed warning is
# reported but `quotaplan check` still exits 0; a failed error exits 1.
check "quota_to_ote" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.full_quota.new_arr / rep.ote >= 4 && rep.full_quota.new_arr / rep.ote <= 5"
  severity = "warning"
  message  = "quota is {{ round(rep.full_quota.new_arr / rep.ote * 100) / 100 }}x OTE; healthy is 4-5x"
}

check "pipeline_coverage" {
  scope   = "rep"
  where   = "rep.role == 'AE'"
  assert  = "rep.pipeline >= 3 * rep.quota.new_arr"
  message = "pipeline covers {{ round(rep.pipeline / rep.quota.new_arr * 100) / 100 }}x of the year's quota; 3x is needed"
}

# Tests pin the numbers a reviewer cares about: `quotaplan test` fails
# when a change moves one of them, and says by how much.

# Carol starts on 2027-05-15: tenure month 1 in May, so 40% of the May
# amount (600,000 x 0.23 / 3 = 46,000), for 17 of 31 days: 10,090.32,
# rounded to 10,000.
test "carol ramps" {
  assert = "quota('carol', 'new_arr', '2027-05') == 10000"
}

# A tenured AE carries the full annual amount.
test "alice full year" {
  assert = "quota('alice', 'new_arr', 'FY') == 600000"
}

# The quotas cover the goal with the 10% cushion.
test "goal covered" {
  assert = "sum(filter(reps, .role == 'AE'), .quota.new_arr) >= 1400000 * 1.1"
}
