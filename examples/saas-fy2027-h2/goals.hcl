# The top-down goal. The AE quotas should total target x (1 + overassign):
# a 12% cushion, since some reps will miss.
goal "new_arr" {
  description = "Grow new ARR 25% over FY2026 to fund the APAC expansion"
  measure     = "new_arr"
  target      = "var.base_arr * (1 + var.growth)"
  overassign  = 0.12
}

# An informational goal: no quota measure supports it, it is listed so
# the plan states it next to the revenue goal.
goal "net_retention" {
  description = "Keep net revenue retention at 110% or better"
  target      = 1.1
}
