# What the first half of the year brought, and what it must not change.

# The quotas published in February hold for the months that are over:
# February to July keep their published figures, whatever the rules give
# now. The result was saved with
#   quotaplan eval examples/saas-fy2027 --format json -o published/fy2027-v1.json
lock {
  result  = "published/fy2027-v1.json"
  through = "2027-07"
}

# The HRIS change log: Marco Rossi moves up to EMEA Enterprise in August,
# James Morris to NA Enterprise in September, and Sofia Patel is promoted
# to manager in October. Each change restarts role_month, which the
# new_hire ramp reads to re-ramp a transfer.
import "changes" {
  csv = "data/changes.csv"
}

# Leave from the HRIS export.
import "leaves" {
  csv = "data/leaves.csv"
}

# Globex, Hannah Müller's largest renewal-to-expansion account, moved to
# the strategic accounts team in September: her quota for the month is
# relieved by what it was expected to close.
adjust "globex_relief" {
  rep     = "hmuller"
  measure = "new_arr"
  period  = "2027-09"
  amount  = -40000
  reason  = "Globex moved to the strategic accounts team"
}
