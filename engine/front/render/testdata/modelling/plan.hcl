# A plan that uses what the JSON result shows only when a plan uses it:
# lets of every scope, custom rep attributes, a quota that does not roll
# up, and waivers (one in force, one expired, one unused) read as of
# 2027-03-31.
plan "modelling" {
  title  = "Modelling features"
  start  = "2027-01-01"
  months = 6
  as_of  = "2027-03-31"
}

territory "east" {
  accounts = 10
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "rep.ote * 4"
  round      = 1000
}

quota "team_new_arr" {
  applies_to = "len(rep.reports) > 0"
  monthly    = "sum(rep.team, quota(.id, 'new_arr', period.id))"
  rollup     = false
}

quota "demos" {
  unit       = "demos"
  applies_to = "rep.role == 'AE'"
  annual     = "5"
  round      = 1
  rounding   = "cumulative"
}

let "total" {
  expr = "sum(reps, .quota.new_arr)"
}

let "per_account" {
  scope = "territory"
  expr  = "territory.quota.new_arr / territory.accounts"
}

let "ote_multiple" {
  scope = "rep"
  expr  = "rep.ote == nil ? 0 : rep.quota.new_arr / rep.ote"
}

check "quota_to_ote" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.ote_multiple >= 4 && rep.ote <= 120000"
  severity = "warning"
  message  = "quota {{ format(rep.quota.new_arr, 'USD') }} is {{ rep.ote_multiple }}x OTE"
}

check "total" {
  assert  = "plan.total >= 2000000"
  message = "quotas total {{ format(plan.total) }}"
}

waive "alice ramps" {
  check   = "quota_to_ote"
  subject = "alice"
  reason  = "new territory; revisit in Q2"
  until   = "2027-06-30"
}

waive "bob ramps" {
  check   = "quota_to_ote"
  subject = "bob"
  reason  = "new hire"
  until   = "2027-02-28"
}

waive "carol" {
  check   = "quota_to_ote"
  subject = "carol"
  reason  = "just in case"
  until   = "2027-06-30"
}

rep "maria" {
  role      = "manager"
  territory = "east"
  level     = 2
}

rep "alice" {
  role      = "AE"
  territory = "east"
  manager   = "maria"
  start     = "2027-02-01"
  ote       = 100000
  segments  = ["smb", "mid"]
}

rep "bob" {
  role      = "AE"
  territory = "east"
  manager   = "maria"
  ote       = 150000
}

rep "carol" {
  role      = "AE"
  territory = "east"
  manager   = "maria"
  ote       = 49500
}
