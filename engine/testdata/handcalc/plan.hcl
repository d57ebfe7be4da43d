# A plan small enough to compute by hand from SPEC section 5.
# engine/handcalc_test.go states every monthly figure as a literal.
plan "hand" {
  title    = "Hand-computed plan"
  start    = "2027-01-01"
  months   = 12
  currency = "USD"
  holidays = ["2027-12-24"]
}

variable "base" {
  default = 1200000
}

variable "growth" {
  default = 0.25
}

variable "sdr_buffer" {
  default = 0.1
}

variable "meeting_to_opp" {
  default = 0.5
}

territory "east" {
  accounts      = 100
  win_rate      = 0.2
  avg_deal_size = 50000
  new           = false
}

territory "north" {
  accounts      = 50
  win_rate      = 0.2
  avg_deal_size = 40000
  new           = true
}

ramp "standard" {
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
  tier {
    when   = "territory != nil && territory.new && period.quarter == 1"
    factor = 0.5
  }
}

ramp "sdr" {
  tier {
    when   = "tenure_month == 1"
    factor = "0.25 * 2"
  }
}

quota "new_arr" {
  applies_to = "rep.role == 'AE'"
  annual     = "rep.ote * 4"
  ramp       = "standard"
  season     = [0.2, 0.25, 0.25, 0.3]
  round      = 100
}

let "meetings_needed" {
  scope = "territory"
  expr  = <<-EXPR
    sum(filter(territory.reps, .role == 'AE'), .quota.new_arr)
      / territory.avg_deal_size / territory.win_rate / var.meeting_to_opp
  EXPR
}

quota "meetings" {
  unit       = "meetings"
  applies_to = "rep.role == 'SDR'"
  annual     = "territory.meetings_needed / count(territory.reps, .role == 'SDR') * (1 + var.sdr_buffer)"
  ramp       = "sdr"
  round      = 1
}

quota "calls" {
  unit       = "calls"
  applies_to = "rep.role == 'SDR'"
  monthly    = "period.workdays * 10"
  prorate    = false
}

goal "new_arr" {
  measure    = "new_arr"
  target     = "var.base * (1 + var.growth)"
  overassign = 0.1
}

check "quota_to_ote" {
  scope    = "rep"
  where    = "rep.role == 'AE'"
  assert   = "rep.full_quota.new_arr / rep.ote >= 4 && rep.quota.new_arr / rep.ote >= 3.5"
  severity = "warning"
  message  = "ramped quota is {{ rep.quota.new_arr / rep.ote }}x OTE"
}

rep "maria" {
  name = "Maria Lopez"
  role = "manager"
}

rep "alice" {
  name      = "Alice Chen"
  role      = "AE"
  territory = "east"
  manager   = "maria"
  ote       = 150000
}

rep "bob" {
  name      = "Bob Okafor"
  role      = "AE"
  territory = "east"
  manager   = "maria"
  start     = "2027-03-16"
  ote       = 120000
}

rep "carol" {
  name      = "Carol Diaz"
  role      = "AE"
  territory = "east"
  manager   = "maria"
  ote       = 100000
  leave {
    from = "2027-06-01"
    to   = "2027-06-30"
  }
  leave {
    from = "2027-07-01"
    to   = "2027-07-15"
  }
}

rep "dan" {
  name      = "Dan Weiss"
  role      = "AE"
  territory = "north"
  manager   = "maria"
  end       = "2027-11-20"
  ote       = 100000
}

rep "sam" {
  name      = "Sam Park"
  role      = "SDR"
  territory = "east"
  manager   = "maria"
  start     = "2027-02-01"
}
