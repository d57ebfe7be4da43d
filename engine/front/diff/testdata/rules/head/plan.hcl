plan "fy" {
  title    = "FY plan"
  start    = "2027-01-01"
  currency = "USD"
}

variable "growth" {
  default     = 0.25
  description = "Growth of new ARR over last year"
}

rep "maria" {
  name = "Maria Lopez"
  role = "manager"
}

rep "alice" {
  name    = "Alice Chen"
  role    = "AE"
  manager = "maria"
  start   = "2027-03-01"
  ote     = 100000
}

rep "bob" {
  name    = "Bob Stone"
  role    = "AE"
  manager = "maria"
  ote     = 90000
}
