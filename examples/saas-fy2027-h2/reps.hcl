# The team is exported from the HRIS into data/reps.csv (one row per
# person; an empty cell means "absent": no start date, no pipeline ...).
# Managers roll up to the VP, jreyes.
import "reps" {
  csv = "data/reps.csv"
}

# Leave can only be written in HCL, so a rep with planned leave lives
# here instead of in the CSV. Days on leave are inactive: July and August
# carry no quota for Pierre.
rep "pdubois" {
  name      = "Pierre Dubois"
  role      = "AE"
  territory = "emea-ent"
  manager   = "lfischer"
  ote       = 240000
  pipeline  = 2200000

  leave {
    from = "2027-07-01"
    to   = "2027-08-31"
  }
}
