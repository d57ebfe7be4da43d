# The three regional offices are the territories.
territory "Central" {
  name = "Central office"
}

territory "East" {
  name = "East office"
}

territory "West" {
  name = "West office"
}

# The 35 sales agents, one row each: the agent's name is the rep id, the
# manager column names the manager (below), the regional office is the
# territory.
import "reps" {
  csv     = "data/sales_teams.csv"
  id      = "sales_agent"
  columns = { territory = "regional_office" }
}

# The export lists the six managers only as a column of sales_teams.csv;
# they are reps too, so the manager chain rolls up and each carries the
# team's number (quotas.hcl).
rep "Cara Losch" {
  role      = "manager"
  territory = "East"
}

rep "Celia Rouche" {
  role      = "manager"
  territory = "West"
}

rep "Dustin Brinkmann" {
  role      = "manager"
  territory = "Central"
}

rep "Melvin Marxen" {
  role      = "manager"
  territory = "Central"
}

rep "Rocco Neubert" {
  role      = "manager"
  territory = "East"
}

rep "Summer Sewald" {
  role      = "manager"
  territory = "West"
}
