# Regions are parents: their roll-ups (territory.reps, territory.quota)
# include every leaf territory below them. The leaf territories come from
# the CRM export in data/territories.csv; its columns (segment, accounts,
# win_rate, avg_deal_size, new ...) become territory.<column> in rules.
# A region leaves those cells absent, so rules read nil there.

territory "na" {
  name   = "North America"
  region = "na"
}

territory "emea" {
  name   = "Europe, Middle East and Africa"
  region = "emea"
}

territory "apac" {
  name   = "Asia Pacific"
  region = "apac"
}

import "territories" {
  csv = "data/territories.csv"
}
