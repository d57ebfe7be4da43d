# The first tier whose `when` holds gives the factor, so order matters.
#
# The new-territory tier comes first on purpose: a territory opened this
# year has no pipeline, so everyone in it (veteran or new hire) carries
# 40% in Q1. Placed after the tenure tiers, a new hire in tenure month 2
# or 3 would get 60-80% in a territory where a veteran only gets 40%.
# `territory.new == true` rather than `territory.new` keeps the rule true
# or false for a rep whose territory has no `new` cell.
ramp "new_hire" {
  tier {
    when   = "territory != nil && territory.new == true && period.quarter == 1"
    factor = 0.4
  }
  # A transfer re-ramps: in the first two months of a new role the rep
  # builds a new book (role_month restarts with each change; for a rep
  # without one it equals tenure_month, so new hires are left to the
  # tiers below).
  tier {
    when   = "role_month <= 2 && role_month < tenure_month"
    factor = 0.5
  }
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

# SDRs book meetings sooner than AEs close deals: a shorter, steeper ramp.
ramp "sdr" {
  tier {
    when   = "tenure_month == 1"
    factor = 0.5
  }
  tier {
    when   = "tenure_month == 2"
    factor = 0.75
  }
}
