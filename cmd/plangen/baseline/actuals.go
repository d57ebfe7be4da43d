package baseline

import (
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
)

// The actuals of a generated plan with deals (SPEC section 8), coded by
// hand: won deals credit their owner, or owner and split rep by share,
// and every manager above them once per deal; open deals after as_of are
// pipeline. Every sum is made in the order the engine makes it (rows in
// file order; the manager credit of a deal with one credited rep passed
// up the tree after all rows, rep by rep), so the JSON is the same to the
// last digit.

// credits are the credited figures of one rep for new_arr.
type credits struct {
	actual, pipeline []float64 // per period
	history          float64
	rows             int       // rows credited, the manager credit of reps below included
	roll             []float64 // manager credit to pass up: [0] history, [1+p] period p
	rollRows         int
}

// actuals holds what the deals give the plan.
type actuals struct {
	asOf    time.Time
	elapsed []float64
	byID    map[string]int
	reps    []credits
}

// loadActuals reads data/deals.csv when the plan has one and credits its
// rows; it leaves e.act nil for a plan without deals.
func (e *evaluation) loadActuals(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(gen.DealsFile))); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	n := len(e.periods)
	a := &actuals{asOf: gen.AsOf, byID: make(map[string]int, len(e.reps)), reps: make([]credits, len(e.reps))}
	for i, r := range e.reps {
		a.byID[r.id] = i
		a.reps[i] = credits{actual: make([]float64, n), pipeline: make([]float64, n), roll: make([]float64, n+1)}
	}
	for _, p := range e.periods {
		switch {
		case !p.end.After(a.asOf):
			a.elapsed = append(a.elapsed, 1)
		case !p.start.After(a.asOf):
			a.elapsed = append(a.elapsed, float64(a.asOf.Sub(p.start).Hours()/24+1)/float64(p.days))
		default:
			a.elapsed = append(a.elapsed, 0)
		}
	}
	e.act = a
	start := e.rules.Start
	// The actual block's rows first, then the pipeline block's: the
	// engine credits block after block.
	type row struct {
		owner, split, stage string
		share               float64
		y, m, d             int
		amount              float64
	}
	var rows []row
	err := readCSV(dir, gen.DealsFile, func(cell func(string) string) error {
		t, err := time.Parse(time.DateOnly, cell("close_date"))
		if err != nil {
			return err
		}
		amount, err := strconv.ParseFloat(cell("amount"), 64)
		if err != nil {
			return err
		}
		rw := row{owner: cell("owner"), split: cell("split_rep"), stage: cell("stage"), y: t.Year(), m: int(t.Month()), d: t.Day(), amount: amount}
		if rw.split != "" {
			if rw.share, err = strconv.ParseFloat(cell("split"), 64); err != nil {
				return err
			}
		}
		rows = append(rows, rw)
		return nil
	})
	if err != nil {
		return err
	}
	asOfDay := a.asOf.Unix() / 86400
	for _, rw := range rows { // actual "new_arr"
		if rw.stage != gen.StageWon {
			continue
		}
		p := (rw.y-start.Year())*12 + rw.m - int(start.Month())
		day := time.Date(rw.y, time.Month(rw.m), rw.d, 0, 0, 0, 0, time.UTC).Unix() / 86400
		switch {
		case p >= 0 && p < n && day <= asOfDay:
		case p >= -12 && p < 0:
			p = -1
		default:
			continue
		}
		type share struct {
			rep   int
			share float64
		}
		var cs []share
		if rw.split == "" {
			cs = []share{{a.byID[rw.owner], 1}}
		} else {
			// fromPairs gives a map; the engine credits its ids in order
			ids := []string{rw.owner, rw.split}
			shares := map[string]float64{rw.owner: 1 - rw.share, rw.split: rw.share}
			slices.Sort(ids)
			for _, id := range ids {
				cs = append(cs, share{a.byID[id], shares[id]})
			}
		}
		for _, c := range cs {
			a.add(c.rep, p, rw.amount*c.share)
		}
		if len(cs) == 1 {
			c := &a.reps[cs[0].rep]
			c.rollRows++
			c.roll[p+1] += rw.amount * min(1, cs[0].share)
			continue
		}
		type mgr struct {
			rep int
			sum float64
		}
		var ms []mgr
		for _, c := range cs {
			for m := e.reps[c.rep].up; m != nil; m = m.up {
				k := slices.IndexFunc(ms, func(x mgr) bool { return x.rep == m.index })
				if k < 0 {
					ms = append(ms, mgr{rep: m.index})
					k = len(ms) - 1
				}
				ms[k].sum += c.share
			}
		}
		for _, m := range ms {
			a.add(m.rep, p, rw.amount*min(1, m.sum))
		}
	}
	for _, rw := range rows { // pipeline "new_arr"
		if rw.stage != gen.StageOpen {
			continue
		}
		p := (rw.y-start.Year())*12 + rw.m - int(start.Month())
		day := time.Date(rw.y, time.Month(rw.m), rw.d, 0, 0, 0, 0, time.UTC).Unix() / 86400
		if p < 0 || p >= n || day <= asOfDay {
			continue
		}
		c := &a.reps[a.byID[rw.owner]]
		c.rows++
		c.pipeline[p] += rw.amount
	}
	// pass the manager credit of single-rep deals up the tree, rep by rep
	for i, r := range e.reps {
		c := &a.reps[i]
		if c.rollRows == 0 {
			continue
		}
		for m := r.up; m != nil; m = m.up {
			mc := &a.reps[m.index]
			mc.rows += c.rollRows
			mc.history += c.roll[0]
			for p := range n {
				mc.actual[p] += c.roll[p+1]
			}
		}
	}
	return nil
}

// add credits amount to rep i in period p (-1: history).
func (a *actuals) add(i, p int, amount float64) {
	c := &a.reps[i]
	c.rows++
	if p < 0 {
		c.history += amount
		return
	}
	c.actual[p] += amount
}

// repActual is a rep's figures as the JSON result holds them.
type repActual struct {
	toDate, total, attainment float64
	hasAttainment, ramped     bool
}

// figures computes the quota to date, actual to date, attainment and
// ramped of rep i.
func (e *evaluation) figures(i int) repActual {
	a, r := e.act, e.reps[i]
	c := &a.reps[i]
	var out repActual
	for _, v := range c.actual {
		out.total += v
	}
	if r.measure != measureNewARR {
		return out
	}
	out.ramped = true
	for p, x := range a.elapsed {
		if x <= 0 {
			continue
		}
		out.toDate += r.periods[p] * x
		activeDays, tenure := e.presence(r, p)
		if activeDays != e.periods[p].days || e.ramp(r, p, tenure) != 1 {
			out.ramped = false
		}
	}
	if out.toDate != 0 {
		out.attainment, out.hasAttainment = out.total/out.toDate, true
	}
	return out
}

// writeRepActuals writes the "actuals" of rep i.
func (e *evaluation) writeRepActuals(j *jsonWriter, i int) {
	a, r := e.act, e.reps[i]
	c := &a.reps[i]
	j.open("actuals", '{')
	if r.measure == measureNewARR || c.rows > 0 {
		f := e.figures(i)
		j.open("new_arr", '{')
		j.num("quota_to_date", f.toDate)
		j.num("total", f.total)
		j.open("periods", '{')
		for p, x := range a.elapsed {
			if x > 0 {
				j.num(e.periods[p].id, c.actual[p])
			}
		}
		j.close('}')
		j.open("quarters", '{')
		for _, q := range e.quarters {
			elapsed, sum := false, 0.0
			for _, p := range q.periods {
				if a.elapsed[p] > 0 {
					elapsed = true
					sum += c.actual[p]
				}
			}
			if elapsed {
				j.num(q.id, sum)
			}
		}
		j.close('}')
		if f.hasAttainment {
			j.num("attainment", f.attainment)
		} else {
			j.strOrNull("attainment", "")
		}
		j.boolean("ramped", f.ramped)
		j.num("history", c.history)
		var pipe float64
		for _, v := range c.pipeline {
			pipe += v
		}
		j.num("pipeline", pipe)
		j.close('}')
	}
	j.close('}')
}

// writeCreditKeys writes "attainment", "forecast_accuracy" (the plan has
// no forecast blocks) and "unassigned" (every owner is a rep).
func (e *evaluation) writeCreditKeys(j *jsonWriter) {
	var atts []float64
	bands := []float64{0, 0.5, 0.8, 1, 1.2}
	counts := make([]int, len(bands))
	at := 0
	for i := range e.reps {
		f := e.figures(i)
		if !f.ramped || f.toDate <= 0 {
			continue
		}
		atts = append(atts, f.attainment)
		if f.attainment >= 1 {
			at++
		}
		b := 0
		for k, from := range bands {
			if f.attainment >= from {
				b = k
			}
		}
		counts[b]++
	}
	j.open("attainment", '[')
	j.open("", '{')
	j.str("measure", "new_arr")
	j.str("as_of", e.act.asOf.Format("2006-01-02"))
	j.integer("reps", len(atts))
	j.integer("at_or_above", at)
	share, median := 0.0, math.NaN()
	if len(atts) > 0 {
		share = float64(at) / float64(len(atts))
		slices.Sort(atts)
		mid := len(atts) / 2
		median = atts[mid]
		if len(atts)%2 == 0 {
			median = (atts[mid-1] + atts[mid]) / 2
		}
	}
	j.num("share", share)
	if math.IsNaN(median) {
		j.strOrNull("median", "")
	} else {
		j.num("median", median)
	}
	j.open("bands", '[')
	for k, from := range bands {
		j.open("", '{')
		j.num("from", from)
		if k+1 < len(bands) {
			j.num("to", bands[k+1])
		} else {
			j.strOrNull("to", "")
		}
		j.integer("reps", counts[k])
		j.close('}')
	}
	j.close(']')
	j.close('}')
	j.close(']')
	j.open("forecast_accuracy", '[')
	j.close(']')
	j.open("unassigned", '[')
	j.close(']')
}

// boolean writes a bool member.
func (j *jsonWriter) boolean(key string, v bool) {
	j.member(key)
	j.w.WriteString(strconv.FormatBool(v))
}

// pipelineKey is the reps' pipeline attribute as the JSON result names it.
func (e *evaluation) pipelineKey() string {
	return gen.PipelineColumn(e.act != nil)
}
