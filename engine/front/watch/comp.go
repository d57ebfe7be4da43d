package watch

import (
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/plans/words"
)

// comps writes one line per rep and comp whose target pay or payout
// changed, for the first maxReps of them, then how many more there are.
func (t *textWriter) comps(cs []diff.CompChange, currency string) {
	for i, c := range cs {
		if i == t.maxReps {
			t.line(true, "  ... and %s", words.Plural(len(cs)-i, "more payout", "more payouts"))
			return
		}
		line := c.Rep + "  comp " + c.Comp
		if c.TargetPay.Differs() {
			line += "  target pay " + amountChange(c.TargetPay, currency)
		}
		if c.Payout.Differs() && c.Payout.OldSet && c.Payout.NewSet {
			line += "  payout " + amountChange(c.Payout, currency)
		}
		t.line(true, "~ %s", line)
	}
}
