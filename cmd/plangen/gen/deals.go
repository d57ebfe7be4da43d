package gen

import (
	"fmt"
	"time"
)

// DealsFile is the path of the generated deals, relative to the plan
// directory; it is written when Config.Deals is above 0.
const DealsFile = "data/deals.csv"

// DealColumns is the header row of the deals CSV.
var DealColumns = []string{"id", "owner", "split_rep", "split", "stage", "close_date", "amount"}

// Deal stages of the generated deals.
const (
	StageWon  = "Closed Won"
	StageOpen = "Open"
	StageLost = "Closed Lost"
)

// PipelineColumn is the header of the reps' own pipeline figure: with
// deals "crm_pipeline", since a plan with pipeline blocks gives every rep
// the field rep.pipeline (which an attribute may then not be called).
func PipelineColumn(deals bool) string {
	if deals {
		return "crm_pipeline"
	}
	return "pipeline"
}

// AsOf is the as_of of a generated plan with deals: mid-August, so that
// the elapsed share of the month holding it is partial.
var AsOf = time.Date(2027, time.August, 15, 0, 0, 0, 0, time.UTC)

// deal is one generated deal.
type deal struct {
	id, owner, splitRep, stage, date string
	split, amount                    float64
}

// buildDeals makes Config.Deals deals per rep, owned by the AEs in turn
// and sized by their segment's quota:
// 60% won (2% of them credit notes), 25% open, 15% lost; one in ten split
// with another AE. Won and lost deals close between 12 months before the
// plan and as_of, open ones after as_of within the plan.
func (g *generator) buildDeals() []deal {
	var aes []*rep
	for _, r := range g.reps {
		if r.role == "AE" {
			aes = append(aes, r)
		}
	}
	terr := map[string]*territory{}
	for _, t := range g.leaves {
		terr[t.id] = t
	}
	n := g.cfg.Deals * len(g.reps)
	out := make([]deal, 0, n)
	for k := range n {
		owner := aes[k%len(aes)]
		d := deal{id: fmt.Sprintf("d%07d", k+1), owner: owner.id}
		// sized so that a typical AE closes about its quota to date: about
		// a third of the won deals close in the plan before as_of
		size := 100000.0
		if t := terr[owner.territory]; t != nil {
			size = t.seg.quota * 0.15
		}
		d.amount = round(size*g.between(0.5, 1.5), 100)
		switch s := g.rng.IntN(100); {
		case s < 60:
			d.stage = StageWon
			if g.rng.IntN(100) < 2 {
				d.amount = -round(size*g.between(0.1, 0.3), 100)
			}
		case s < 85:
			d.stage = StageOpen
		default:
			d.stage = StageLost
		}
		if d.stage == StageOpen {
			d.date = g.dayBetween(AsOf.AddDate(0, 0, 1), planStart.AddDate(0, 12, -1))
		} else {
			d.date = g.dayBetween(planStart.AddDate(-1, 0, 0), AsOf)
		}
		if len(aes) > 1 && g.rng.IntN(10) == 0 {
			other := aes[g.rng.IntN(len(aes))]
			if other != owner {
				d.splitRep, d.split = other.id, []float64{0.3, 0.5}[g.rng.IntN(2)]
			}
		}
		out = append(out, d)
	}
	return out
}

// dayBetween returns a random day from..to (inclusive) as YYYY-MM-DD.
func (g *generator) dayBetween(from, to time.Time) string {
	days := int(to.Sub(from).Hours()/24) + 1
	return from.AddDate(0, 0, g.rng.IntN(days)).Format(time.DateOnly)
}

// dealsCSV renders data/deals.csv.
func dealsCSV(deals []deal) ([]byte, error) {
	rows := make([][]string, 0, len(deals)+1)
	rows = append(rows, DealColumns)
	for _, d := range deals {
		split := ""
		if d.splitRep != "" {
			split = formatNumber(d.split)
		}
		rows = append(rows, []string{d.id, d.owner, d.splitRep, split, d.stage, d.date, formatNumber(d.amount)})
	}
	return writeCSV(DealsFile, rows)
}
