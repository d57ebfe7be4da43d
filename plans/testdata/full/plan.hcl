plan "fy2027" {
  title    = "FY2027 sales plan"
  start    = "2027-02-01"
  months   = 12
  currency = "EUR"
  holidays = ["2027-12-25", "2027-05-01"]
}

variable "growth" {
  default     = 0.25
  description = "Growth of new ARR over last year"
}

variable "regions" {
  default = ["EMEA", "NA"]
}

variable "base_arr" {
  default = 10000000
}

scenario "stretch" {
  vars = {
    growth = 0.35
  }
}

goal "new_arr" {
  description = "Increase new ARR by 25%"
  measure     = "new_arr"
  target      = "var.base_arr * (1 + var.growth)"
  overassign  = 0.15
  where       = "rep.segment == 'enterprise'"
}

goal "h1_meetings" {
  measure = "meetings"
  target  = 1200
  period  = "Q2"
}

goal "march" {
  target = 5
  period = "2027-03"
}
