# Accounts, exported from the CRM, and the rule that carves them into the
# leaf territories. The export's Territory column is the CRM's current
# assignment: an account whose carve differs from it is a move, which
# `quotaplan territories` lists. Each territory's book (its accounts and
# those of the territories below it) sizes it bottom-up.

import "accounts" {
  csv = "data/accounts.csv"
  id  = "account_id"
}

# Region by billing country, segment by headcount: 1,000 employees and
# more is enterprise, 200 to 999 mid-market, the rest SMB.
carve "fy2027" {
  territory = <<-EXPR
    let region = account.billing_country in ['United States', 'Canada', 'Mexico'] ? 'na' : (account.billing_country in ['Japan', 'Australia', 'Singapore', 'India', 'South Korea'] ? 'apac' : 'emea');
    region + (account.employees >= 1000 ? '-ent' : (account.employees >= 200 ? '-mm' : '-smb'))
  EXPR
}

# The potential of a territory's book: what its accounts could buy.
let "book_potential" {
  scope = "territory"
  expr  = "sum(territory.book, .potential_usd)"
}

variable "book_coverage" {
  default     = 3
  description = "Potential a territory's book should hold, as a multiple of its quota"
}

# A leaf territory's book should hold a multiple of its quota in
# potential (var.book_coverage): a thinner book leaves its reps chasing
# every account.
check "book_covers_quota" {
  scope    = "territory"
  where    = "territory.accounts != nil"
  assert   = "territory.book_potential >= var.book_coverage * territory.quota.new_arr"
  severity = "warning"
  message  = "the book's potential of {{ format(territory.book_potential, plan.currency) }} is {{ round(territory.book_potential / territory.quota.new_arr * 10) / 10 }}x the quota; healthy is {{ var.book_coverage }}x or more"
}
