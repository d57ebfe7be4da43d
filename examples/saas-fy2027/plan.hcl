# FY2027 sales plan of a B2B SaaS company: three regions, nine leaf
# territories, 41 people (AEs, SDRs, CSMs and their managers).
#
# Files are read in lexical order, but order does not matter: every block
# can refer to every other one.
#
#   plan.hcl         calendar, variables (the knobs) and scenarios
#   territories.hcl  regions, plus the leaf territories from data/territories.csv
#   reps.hcl         the team from data/reps.csv, plus one rep written in HCL
#   accounts.hcl     the CRM's accounts, carved into territories; each book's potential
#   ramps.hcl        how new hires and new territories ramp
#   lets.hcl         derived values: capacity, meetings needed, H1 quota
#   quotas.hcl       AE, SDR, CSM and manager quotas
#   goals.hcl        what the quotas must add up to
#   checks.hcl       quota-to-OTE, coverage and capacity checks
#   comp.hcl         AE and SDR compensation plans and their checks
#   tests.hcl        pinned numbers (run by `quotaplan test`)

plan "fy2027" {
  title    = "FY2027 sales plan"
  start    = "2027-02-01"
  months   = 12
  currency = "USD"
  # Company holidays: fewer workdays, so fewer SDR meetings that month.
  holidays = ["2027-05-31", "2027-07-05", "2027-09-06", "2027-11-25", "2027-12-24", "2027-12-31"]
}

variable "base_arr" {
  default     = 9200000
  description = "New ARR closed in FY2026"
}

variable "growth" {
  default     = 0.25
  description = "Growth of new ARR over FY2026"
}

variable "quota_scale" {
  default     = 1
  description = "Multiplier on every AE quota; scenarios move it together with growth"
}

variable "ae_quota" {
  default     = { enterprise = 1000000, midmarket = 600000, smb = 350000 }
  description = "Full-productivity annual new ARR quota of an AE, by segment"
}

variable "coverage" {
  default     = { enterprise = 5, midmarket = 4, smb = 3 }
  description = "Pipeline an AE needs, as a multiple of the H1 quota, by segment"
}

variable "expansion_rate" {
  default     = { enterprise = 0.15, midmarket = 0.12, smb = 0.08 }
  description = "Expected upsell on a CSM's book of ARR, by segment"
}

variable "meeting_to_opp" {
  default     = 0.6
  description = "Share of SDR meetings that become a qualified opportunity"
}

variable "sdr_buffer" {
  default     = 0.12
  description = "Extra meetings on top of what the AEs need (no-shows, slipped deals)"
}

variable "max_capacity_gap" {
  default     = 0.3
  description = "How far bottom-up capacity may fall below the top-down target"
}

# quotaplan eval examples/saas-fy2027 --scenario stretch
scenario "stretch" {
  vars = {
    growth      = 0.35
    quota_scale = 1.08
  }
}

scenario "conservative" {
  vars = {
    growth      = 0.15
    quota_scale = 0.92
  }
}
