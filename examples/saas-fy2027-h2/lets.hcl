# Derived values. A let is computed once per subject of its scope and read
# as plan.<name>, territory.<name> or rep.<name>. Reading a quota makes a
# let wait for that quota; the engine orders everything by these reads.

# Bottom-up potential of a leaf territory for the year: opportunities it
# can work x win rate x average deal size. Regions have no accounts.
let "capacity" {
  scope = "territory"
  expr  = "territory.accounts == nil ? 0 : territory.accounts * territory.win_rate * territory.avg_deal_size"
}

# Bottom-up potential of the whole company, to compare with the goal.
let "total_capacity" {
  scope = "plan"
  expr  = "sum(territories, .capacity)"
}

# Meetings the AEs of a leaf territory need to close their ramped quota:
# deals = quota / deal size, opportunities = deals / win rate,
# meetings = opportunities / meeting-to-opportunity rate.
let "meetings_needed" {
  scope = "territory"
  expr  = <<-EXPR
    territory.accounts == nil ? 0 :
      territory.quota.new_arr / territory.avg_deal_size
        / territory.win_rate / var.meeting_to_opp
  EXPR
}

# What a rep must close in the first half, the horizon that today's
# pipeline has to cover.
let "h1_quota" {
  scope = "rep"
  expr  = "quota(rep.id, 'new_arr', 'H1')"
}
