package plans

import "time"

// dateLayout is the only date format of the plan language.
const dateLayout = "2006-01-02"

// ParseDate parses a strict "YYYY-MM-DD" calendar date (exactly ten
// characters, a real day) as UTC midnight. The second result is false when s
// is not such a date.
func ParseDate(s string) (time.Time, bool) {
	if len(s) != len(dateLayout) {
		return time.Time{}, false
	}
	for i := range len(s) {
		if i == 4 || i == 7 {
			if s[i] != '-' {
				return time.Time{}, false
			}
			continue
		}
		if s[i] < '0' || s[i] > '9' {
			return time.Time{}, false
		}
	}
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// monthID is the id of the month holding t, e.g. "2027-03".
func monthID(t time.Time) string { return t.Format("2006-01") }

// periodIDs lists the month ids of a plan starting at start.
func periodIDs(start time.Time, months int) []string {
	ids := make([]string, months)
	for i := range months {
		ids[i] = monthID(start.AddDate(0, i, 0))
	}
	return ids
}
