# FY2018 plan of a computer hardware company, followed through its first
# quarter with the deals of its CRM (a public sample, see README.md).
#
# The CRM export holds closed deals from 2017-03-01 to 2017-12-31 and the
# deals still open on the day it was taken. The fiscal year starts in
# October, so
#   - the 12 months before the plan (2016-10 .. 2017-09) are its history:
#     the quotas are set from the closed deals of those months;
#   - October to December 2017 is Q1, and as_of (the export's last day)
#     closes it: attainment is Q1's actuals against Q1's quotas;
#   - the open deals are the pipeline for the rest of the year.
#
#   plan.hcl     calendar and the knobs (variables)
#   reps.hcl     regional offices, the agents from data/sales_teams.csv and
#                their managers
#   quotas.hcl   quotas from history (agents) and team quotas (managers)
#   actuals.hcl  won deals, open deals, and the counts of the data's faults
#   checks.hcl   coverage, attainment health and data quality
#   comp.hcl     what the agents are paid on their Q1 attainment
#   tests.hcl    pinned numbers (run by `quotaplan test`)

plan "fy2018" {
  title    = "FY2018 sales plan, Q1 review"
  start    = "2017-10-01"
  months   = 12
  currency = "USD"
  as_of    = "2017-12-31"
}

variable "growth" {
  default     = 0.1
  description = "Growth asked of every agent over their run rate of the last year"
}

# quotaplan attainment examples/crm-2017 --scenario flat: quotas at last
# year's run rate. Even then only 8 of 35 agents are at quota after Q1,
# so the miss is not only the growth asked.
scenario "flat" {
  vars = {
    growth = 0
  }
}

variable "history_months" {
  default     = 7
  description = "Months of closed deals in the 12-month history window: the CRM's first close is dated 2017-03-01, so 2017-03 .. 2017-09"
}

variable "win_rate" {
  default     = 0.64
  description = "Share of closed deals won in the history window (3,042 of 4,726)"
}

# The export leaves close_date empty on open deals. They are dated the day
# after the export, so the whole open book counts once, after as_of, as
# the pipeline of the rest of the year (a deal's longest won cycle in the
# data is 138 days: what is open now closes in Q2 or not at all).
variable "open_deal_close" {
  default     = "2018-01-01"
  description = "Expected close date of an open deal that has none"
}

# The list prices of data/products.csv, as that file spells the products.
# Open deals have no close value: the pipeline values them at list price.
variable "list_price" {
  default = {
    "GTX Basic"      = 550
    "GTX Pro"        = 4821
    "MG Special"     = 55
    "MG Advanced"    = 3393
    "GTX Plus Pro"   = 5482
    "GTX Plus Basic" = 1096
    "GTK 500"        = 26768
  }
  description = "List price of each product, from data/products.csv"
}

# A fault of the export: the pipeline writes GTXPro for the product that
# the price list calls GTX Pro. The alias prices those deals right; the
# check products_priced (checks.hcl) counts them, so they are fixed in the
# CRM rather than here. A product in neither list stops the evaluation
# with the deal's file:line.
variable "product_alias" {
  default = {
    GTXPro = "GTX Pro"
  }
  description = "CRM spellings of products that the price list writes differently"
}

# Healthy attainment: 60-70% of ramped agents at or above quota.
variable "healthy_share" {
  default     = [0.6, 0.7]
  description = "The range of the share of ramped agents at quota that is healthy"
}
