package render

// Human formats v for people as the table and markdown formats do:
// thousands separators, no decimals for currency amounts of 100 or more,
// otherwise at most 2 decimals, rounding halves away from zero.
func Human(v float64, currency bool) string { return human(v, currency) }

// Ratio formats a coverage ratio with two decimals and an "x", e.g. "1.12x".
func Ratio(v float64) string { return ratio(v) }

// IsCurrency reports whether unit is a currency: the plan currency or any
// three-letter upper-case code such as "EUR".
func IsCurrency(unit, planCurrency string) bool { return isCurrency(unit, planCurrency) }
