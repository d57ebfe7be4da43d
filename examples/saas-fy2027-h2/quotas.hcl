# AE revenue quota, top-down per head: the segment's quota per AE (scaled
# by the scenario), back-loaded over the year as SaaS bookings are, ramped
# for new hires and new territories, prorated for start, end and leave,
# and rounded to the nearest 1000 per month. The bottom-up view
# (territory capacity) is compared against it in checks.hcl.
quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "var.ae_quota[territory.segment] * var.quota_scale"
  ramp       = "new_hire"
  season     = [0.2, 0.23, 0.25, 0.32]
  round      = 1000
}

# SDR activity quota, derived from what the AEs need: the territory's
# meetings plus a buffer, shared among its SDRs, spread over the months by
# workdays (holidays mean fewer meetings). SMB territories run on inbound
# leads and have no SDRs.
quota "meetings" {
  unit       = "meetings"
  applies_to = "rep.role == 'SDR'"
  monthly    = <<-EXPR
    territory.meetings_needed * (1 + var.sdr_buffer)
      / count(territory.reps, .role == 'SDR')
      * period.workdays / sum(periods, .workdays)
  EXPR
  ramp       = "sdr"
  round      = 1
}

# CSM expansion quota: the upsell expected from the book of ARR the CSM
# looks after, by segment. Spread evenly; a CSM who joins mid-year takes
# over the book from their start date.
quota "expansion_arr" {
  applies_to = "rep.role == 'CSM'"
  annual     = "rep.book_arr * var.expansion_rate[territory.segment]"
  round      = 1000
}

# First-line managers carry the roll-up of their team's new ARR, month by
# month (the VP's number is the goal itself). A separate measure that
# restates the AEs' quotas: rollup = false reports it for each manager but
# adds it into no territory, team, goal or plan total, so no deal is
# counted twice.
quota "team_new_arr" {
  applies_to = "any(rep.reports, .role == 'AE')"
  monthly    = "sum(rep.team, quota(.id, 'new_arr', period.id))"
  rollup     = false
}
