package render

import (
	"github.com/quotaplan/quotaplan/engine"
)

// The JSON keys of compensation (SPEC section 9), written only for a plan
// with comp blocks: each rep's "comp" and "comp" at the top.

// repComp writes a rep's "comp": for each comp that applies to it, the
// measure, target pay, payout to date (null when the comp's measure has no
// actual blocks) and its payout periods, each with target pay and, once
// paid, attainment, factor and payout (null before).
func (e *jsonWriter) repComp(rep *engine.RepResult) {
	e.key("comp")
	e.open('{')
	for _, c := range rep.Comp {
		e.key(c.ID)
		e.open('{')
		e.key("measure")
		e.str(c.Measure)
		e.key("target_pay")
		e.num(c.TargetPay)
		e.key("payout")
		if c.Paid {
			e.num(c.Payout)
		} else {
			e.null()
		}
		e.key("periods")
		e.open('{')
		for _, p := range c.Periods {
			e.key(p.ID)
			e.open('{')
			e.key("target_pay")
			e.num(p.TargetPay)
			for _, f := range []struct {
				k string
				v float64
			}{{"attainment", p.Attainment}, {"factor", p.Factor}, {"payout", p.Payout}} {
				e.key(f.k)
				if p.Paid {
					e.num(f.v)
				} else {
					e.null()
				}
			}
			e.close('}')
		}
		e.close('}')
		e.close('}')
	}
	e.close('}')
}

// compKeys writes the top-level "comp": each comp with its measure, the
// number of reps it applies to, their target pay and payouts to date.
func (e *jsonWriter) compKeys(r *engine.Result) {
	e.key("comp")
	e.open('[')
	for _, s := range r.Comps.Comps {
		e.next()
		e.open('{')
		e.key("id")
		e.str(s.ID)
		e.key("measure")
		e.str(s.Measure)
		e.key("reps")
		e.int(s.Reps)
		e.key("target_pay")
		e.num(s.TargetPay)
		e.key("payout")
		if s.Paid {
			e.num(s.Payout)
		} else {
			e.null()
		}
		e.close('}')
	}
	e.close(']')
}
