# The CRM export: one row per opportunity, named by its opportunity_id.
import "deals" {
  csv = "data/sales_pipeline.csv"
  id  = "opportunity_id"
}

# Won deals are the actuals, at their close value on their close date, to
# the agent who owns them. Those closed before the plan's start are the
# history the quotas read.
actual "bookings" {
  where  = "deal.deal_stage == 'Won'"
  date   = "deal.close_date"
  amount = "deal.close_value"
  rep    = "deal.sales_agent"
}

# The same deals for the managers: each is credited with the deals of the
# agents below them, once per deal.
actual "team_bookings" {
  where    = "deal.deal_stage == 'Won'"
  date     = "deal.close_date"
  amount   = "deal.close_value"
  rep      = "deal.sales_agent"
  managers = true
}

# Open deals (Engaging and Prospecting) are the pipeline. They have no
# close value and no close date in the export: they are valued at list
# price (with the CRM's misspelling GTXPro priced as GTX Pro) and dated
# var.open_deal_close, after as_of. Deals without an account still count:
# they are the agent's open deals, and the check accounts_on_open_deals
# asks for the account to be filled in.
pipeline "bookings" {
  where  = "deal.deal_stage in ['Engaging', 'Prospecting']"
  date   = "deal.close_date ?? var.open_deal_close"
  amount = "var.list_price[var.product_alias[deal.product] ?? deal.product]"
  rep    = "deal.sales_agent"
}

pipeline "team_bookings" {
  where    = "deal.deal_stage in ['Engaging', 'Prospecting']"
  date     = "deal.close_date ?? var.open_deal_close"
  amount   = "var.list_price[var.product_alias[deal.product] ?? deal.product]"
  rep      = "deal.sales_agent"
  managers = true
}

# Data faults, counted per agent so that checks can name them.
pipeline "unpriced_deals" {
  where  = "deal.deal_stage in ['Engaging', 'Prospecting'] && !(deal.product in var.list_price)"
  date   = "deal.close_date ?? var.open_deal_close"
  amount = "1"
  rep    = "deal.sales_agent"
}

pipeline "accountless_deals" {
  where  = "deal.deal_stage in ['Engaging', 'Prospecting'] && deal.account == nil"
  date   = "deal.close_date ?? var.open_deal_close"
  amount = "1"
  rep    = "deal.sales_agent"
}
