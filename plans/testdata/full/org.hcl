territory "emea" {
  name = "EMEA"
}

territory "emea-ent" {
  name          = "EMEA Enterprise"
  parent        = "emea"
  region        = "EMEA"
  accounts      = 420
  avg_deal_size = 85000
  win_rate      = 0.22
  new           = false
}

rep "maria" {
  name = "Maria Lopez"
  role = "manager"
}

rep "alice" {
  name      = "Alice Chen"
  role      = "AE"
  territory = "emea-ent"
  manager   = "maria"
  start     = "2027-03-15"
  end       = "2027-11-30"
  ote       = 240000
  segment   = "enterprise"
  tags      = ["new", "emea"]
  leave {
    from = "2027-08-01"
    to   = "2027-08-31"
  }
  leave {
    from = "2027-06-01"
    to   = "2027-06-10"
  }
}

import "reps" {
  csv = ["data/reps.csv", "data/more.csv"]
}

import "territories" {
  csv = "data/territories.csv"
}
