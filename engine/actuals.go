package engine

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/expr-lang/expr/types"
	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/plans"
	"github.com/quotaplan/quotaplan/plans/parallel"
	"github.com/quotaplan/quotaplan/rules"
)

// Actuals (SPEC section 8, plans/LANGUAGE.md "actual, pipeline,
// forecast"): actual, pipeline and forecast blocks credit the amounts of
// imported deal and forecast rows to reps, per measure and period. The
// crediting is one step of the dependency order (creditKey): every rule
// reading a credited figure comes after it, and quotas may read history.
// Each block's rules are compiled once and the rows are evaluated in
// parallel chunks, one row object per worker reloaded for each row.

// creditKey is the dependency-order key of the crediting step.
const creditKey = "credit:"

// historyMonths is how many months before the plan count as history.
const historyMonths = 12

// creditBlock is a compiled actual, pipeline or forecast block.
type creditBlock struct {
	*plans.Credit
	index                    int // in compiled.credits
	where, date, amount, rep *rules.Rule
	slot                     rules.Slot // where rules read the row: SlotDeal or SlotForecast
	// readsID tells that a rule of the block may read the row's id: the
	// rows' objects then hold it, else they are the rows' own values.
	readsID bool
}

// Name is how results and messages name the block, e.g. `actual.new_arr`.
func (b *creditBlock) Name() string { return b.Kind + "." + b.Label }

// creditSchema adds what the credit blocks of p give rules to s.
func creditSchema(p *plans.Plan, s *rules.Schema) {
	if len(p.Credits) == 0 {
		return
	}
	s.Credits.Actual = p.CreditMeasures(plans.CreditActual)
	s.Credits.Pipeline = p.CreditMeasures(plans.CreditPipeline)
	s.Credits.Forecast = p.CreditMeasures(plans.CreditForecast)
	rowAttrs := func(kind string) map[string]types.Type {
		rows := p.CreditRows(kind)
		all := make([]*plans.Attrs, len(rows))
		for i, r := range rows {
			all[i] = &r.Attrs
		}
		return attrTypes(all, []string{"id"})
	}
	s.Credits.DealAttrs = rowAttrs(plans.RowsDeals)
	s.Credits.ForecastAttrs = rowAttrs(plans.RowsForecasts)
}

// creditBlocks compiles the rules of every credit block.
func (c *compiler) creditBlocks(p *plans.Plan) []*creditBlock {
	var out []*creditBlock
	for i, cr := range p.Credits {
		scope, slot := rules.ScopeDeal, rules.SlotDeal
		if cr.From == plans.RowsForecasts {
			scope, slot = rules.ScopeForecast, rules.SlotForecast
		}
		rows := float64(p.CreditRowCount(cr.From))
		c.evaluations[scope] = max(c.evaluations[scope], rows)
		readsID := false // a rule that reads deal.id names "id" somewhere in its text
		for _, e := range []*plans.Expr{cr.Where, cr.Date, cr.Amount, cr.Rep} {
			readsID = readsID || (e != nil && strings.Contains(e.Text, "id"))
		}
		out = append(out, &creditBlock{Credit: cr, index: i, slot: slot, readsID: readsID,
			where:  c.rule(cr.Where, scope, rules.KindBool),
			date:   c.rule(cr.Date, scope, rules.KindAny),
			amount: c.rule(cr.Amount, scope, rules.KindAny),
			rep:    c.rule(cr.Rep, scope, rules.KindAny)})
	}
	for _, b := range out { // blocks reading the same rows share their objects
		for _, o := range out {
			if o.From == b.From && o.readsID {
				b.readsID = true
			}
		}
	}
	return out
}

// creditNode describes the crediting step for the dependency order: what
// its rules read; nil without credit blocks.
func creditNode(blocks []*creditBlock) *struct {
	refs []rules.Ref
	rng  hcl.Range
	name string
} {
	if len(blocks) == 0 {
		return nil
	}
	n := &struct {
		refs []rules.Ref
		rng  hcl.Range
		name string
	}{rng: blocks[0].DefRange, name: fmt.Sprintf("%s %q", blocks[0].Kind, blocks[0].Label)}
	for _, b := range blocks {
		for _, r := range ruleRefs(b.where, b.date, b.amount, b.rep) {
			if r.Kind != rules.RefCredit {
				n.refs = append(n.refs, r)
			}
		}
	}
	return n
}

// creditFieldNames are the rep fields the credit blocks of s give reps.
func creditFieldNames(s *rules.Schema) []string {
	var out []string
	for _, f := range rules.CreditFields {
		if len(s.Credits.FieldMeasures(f.Name)) > 0 {
			out = append(out, f.Name)
		}
	}
	return out
}

// creditShapes are the shapes of the credit fields of reps, each a table
// of the measures with blocks of its kind.
type creditShapes struct {
	actual, pipeline, forecast *rules.Shape // nil without blocks of the kind
}

func creditShapesOf(s *rules.Schema) creditShapes {
	shape := func(ms []string) *rules.Shape {
		if len(ms) == 0 {
			return nil
		}
		return rules.NewShape(ms...)
	}
	return creditShapes{actual: shape(s.Credits.Actual), pipeline: shape(s.Credits.Pipeline), forecast: shape(s.Credits.Forecast)}
}

// ActualResult is a rep's credited figures for one measure.
type ActualResult struct {
	Measure string
	// Carries tells that the rep carries a quota of the measure.
	Carries bool
	// Actual holds the credited actuals of each period dated on or before
	// as_of (zero after it); their sum is Total, the actual to date.
	Actual []float64
	Total  float64
	// QuotaToDate holds quota(p) x e(p) of each period; its sum is
	// ToDate, the quota to date (unrounded).
	QuotaToDate []float64
	ToDate      float64
	// Attainment is Total / ToDate; HasAttainment is false when ToDate is 0.
	Attainment    float64
	HasAttainment bool
	// Ramped: the rep carries the measure with ramp factor 1 and active 1
	// in every period with e(p) > 0.
	Ramped  bool
	History float64 // credited actuals of the 12 months before the plan
	// Pipeline and Forecast hold the credited open pipeline and forecasts
	// of each period; nil when the measure has no such blocks.
	Pipeline, Forecast []float64
	// Forecasted marks the periods in which at least one forecast row was
	// credited to the rep (bit i for period i).
	Forecasted uint64
	// Rows counts the rows credited to the rep (all kinds).
	Rows int
}

// Actual returns the rep's credited figures of measure, nil when there
// are none.
func (r *RepResult) Actual(measure string) *ActualResult {
	for _, a := range r.Actuals {
		if a.Measure == measure {
			return a
		}
	}
	return nil
}

// creditSeries is Ledger.Series for the credit kinds of a rep.
func (r *RepResult) creditSeries(measure string, k Kind) (Series, bool) {
	a := r.Actual(measure)
	if a == nil {
		return Series{}, false
	}
	sum := func(v []float64) Series {
		s := Series{Periods: v}
		s.total()
		return s
	}
	switch k {
	case KindActual:
		return Series{Periods: a.Actual, Total: a.Total}, true
	case KindQuotaToDate:
		return Series{Periods: a.QuotaToDate, Total: a.ToDate}, true
	case KindPipeline:
		if a.Pipeline != nil {
			return sum(a.Pipeline), true
		}
	case KindForecast:
		if a.Forecast != nil {
			return sum(a.Forecast), true
		}
	case KindHistory:
		return Series{Total: a.History}, true
	}
	return Series{}, false
}

// CreditsResult is what a plan's credit blocks give beyond each rep's
// figures: the day they are read at, the elapsed share of each period,
// the attainment distribution, the forecast accuracy and the rows no rep
// was credited for.
type CreditsResult struct {
	AsOf    string    // "2027-08-31"
	Elapsed []float64 // e(p) of each period
	// Measures lists the measures with credit blocks, sorted, with the
	// kinds of blocks each has.
	Measures     []CreditMeasure
	Distribution []Distribution // per measure with actual blocks
	Accuracy     []Accuracy     // per measure with forecast and actual blocks
	Unassigned   []Unassigned   // sorted by block, then row id
}

// CreditMeasure is a measure with credit blocks.
type CreditMeasure struct {
	Name                       string
	Actual, Pipeline, Forecast bool // it has blocks of the kind
}

// Measure returns the credit measure named name, nil for none.
func (c *CreditsResult) Measure(name string) *CreditMeasure {
	for i := range c.Measures {
		if c.Measures[i].Name == name {
			return &c.Measures[i]
		}
	}
	return nil
}

// Distribution is the attainment distribution of one measure over the
// reps ramped for it with a quota to date above 0.
type Distribution struct {
	Measure    string
	Reps       int
	AtOrAbove  int     // attainment >= 1
	Share      float64 // AtOrAbove / Reps; 0 without reps
	Median     float64
	HasMedian  bool
	Bands      []Band
	RepsBanded []string // ids of the reps counted, sorted
}

// Band is one band of a distribution: reps with From <= attainment < To
// (To is +Inf for the last band).
type Band struct {
	From, To float64
	Reps     int
}

// attainmentBands are the lower bounds of the bands (SPEC section 8).
var attainmentBands = []float64{0, 0.5, 0.8, 1, 1.2}

// Accuracy is the forecast accuracy of one measure, per period.
type Accuracy struct {
	Measure string
	Periods []AccuracyPeriod
}

// AccuracyPeriod compares, in one elapsed period, the forecasts of the
// reps that submitted one with their actuals and quotas.
type AccuracyPeriod struct {
	Period                  string
	Reps                    int
	Forecast, Actual, Quota float64
	GapPoints               float64 // (forecast - actual) / quota x 100
	HasGap                  bool    // false when Quota is 0
}

// Unassigned is (a share of) a row that no rep was credited for.
type Unassigned struct {
	Block   string // e.g. "actual.new_arr"
	Measure string
	Row     string // the row's id
	At      string // the row's file:line
	Amount  float64
	Reason  string
	index   int // the row's index among the block's rows, for sorting
}

// creditRun is the state of the crediting step of one evaluation.
type creditRun struct {
	blocks []*creditBlock
	figs   []creditFig // one per (measure, kind) pair, sorted
	n      int         // periods
	reps   int
	// attain and ramped are the objects of rep.attainment and rep.ramped
	attain, ramped []rules.Object
	managers       []bool                  // per figure: some block of it credits managers
	rowsByKind     map[string][]*plans.Row // the rows of each kind, gathered once
	index          map[string]int32        // rep id -> index
	start          time.Time
	asOf           int64 // days since 1970 of as_of
	elapsed        []float64
	// per figure: sums[f][rep*n+p]; history[f][rep] for actual figures;
	// seen[f][rep] bit masks of periods with forecast rows
	sums       [][]float64
	history    [][]float64
	seen       [][]uint64
	rows       [][]int32 // per figure: rows credited to each rep
	unassigned []Unassigned
	done       bool
	// measureDone marks the measures whose attainment is set
	measureDone map[string]bool
}

// creditFig is one measure and kind the blocks credit.
type creditFig struct {
	measure, kind string
}

// creditChunk is the most rows one worker credits at a time, and
// creditWave how many chunks are credited before their credits are added
// up (and their buffers reused).
const (
	creditChunk = 1024
	creditWave  = 4 * parallel.MinItems
)

// creditEntry is one credit of a row: an amount for a rep in a period
// (-1: history) of a figure, or with roll the manager credit to pass up
// from the rep.
type creditEntry struct {
	rep    int32
	fig    int16
	p      int16
	roll   bool
	amount float64
}

// creditAcc holds sums of credits (the run's, once added up) and, for
// the worker that credits rows with it, its scratch: the row object, the
// credits of the current row and the unassigned rows it met.
type creditAcc struct {
	sums       [][]float64
	history    [][]float64
	seen       [][]uint64
	rows       [][]int32
	roll       [][]float64 // per figure with managers: rep*(n+1) + 1 + period (0: history), to pass up
	rollRows   [][]int32
	unassigned []Unassigned
	obj        rules.Object
	vals       []any
	loaded     *plans.Row // the row obj holds
	mgr        []mgrShare
	credits    []repShare
}

type repShare struct {
	rep   int32
	share float64
}

type mgrShare struct {
	rep int32
	sum float64
}

// elapsedShares returns e(p) of each period for as_of.
func elapsedShares(periods []Period, asOf time.Time) []float64 {
	out := make([]float64, len(periods))
	for i, p := range periods {
		switch {
		case !p.End.After(asOf):
			out[i] = 1
		case !p.Start.After(asOf):
			out[i] = float64(asOf.Sub(p.Start).Hours()/24+1) / float64(p.Days)
		}
	}
	return out
}

// newCreditRun prepares the crediting of the plan's blocks.
func (e *evaluator) newCreditRun() *creditRun {
	cr := &creditRun{blocks: e.c.credits, n: len(e.periods), start: e.p.Start, asOf: dayNumber(e.p.AsOf),
		elapsed: elapsedShares(e.periods, e.p.AsOf), measureDone: map[string]bool{}, reps: len(e.w.reps)}
	for _, b := range cr.blocks {
		f := creditFig{b.Measure, b.Kind}
		if !slices.Contains(cr.figs, f) {
			cr.figs = append(cr.figs, f)
		}
	}
	cr.index = make(map[string]int32, len(e.w.reps))
	for i, rs := range e.w.reps {
		cr.index[rs.ID] = int32(i)
	}
	slices.SortFunc(cr.figs, func(a, b creditFig) int {
		return cmp.Or(strings.Compare(a.measure, b.measure), strings.Compare(a.kind, b.kind))
	})
	cr.managers = make([]bool, len(cr.figs))
	for _, b := range cr.blocks {
		if b.Managers {
			cr.managers[cr.fig(b.Measure, b.Kind)] = true
		}
	}
	return cr
}

// fig returns the index of a figure.
func (cr *creditRun) fig(measure, kind string) int {
	return slices.Index(cr.figs, creditFig{measure, kind})
}

// dayNumber is the days since 1970-01-01 of t's date.
func dayNumber(t time.Time) int64 {
	return int64(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// evalCredits credits every row of every credit block, then sets the
// credited figures on the rep objects rules read.
func (e *evaluator) evalCredits() {
	cr := e.newCreditRun()
	e.credit = cr
	// Rows are credited in parallel, a block of rows at a time, each
	// block into a list of its own; the lists are then added up in row
	// order, so that every sum is made in the same order whatever the
	// number of CPUs and however the blocks were scheduled.
	scratch := make([]*creditAcc, len(e.workers))
	for k := range scratch {
		scratch[k] = &creditAcc{}
	}
	sum := &creditAcc{}
	sum.alloc(cr, len(e.w.reps))
	// The blocks that read the same rows take each row in one pass, in
	// block order.
	var groups [][]*creditBlock
	for _, b := range cr.blocks {
		k := slices.IndexFunc(groups, func(g []*creditBlock) bool { return g[0].From == b.From })
		if k < 0 {
			groups = append(groups, nil)
			k = len(groups) - 1
		}
		groups[k] = append(groups[k], b)
	}
	for _, group := range groups {
		b := group[0]
		rows := cr.rowsOf(e.p, b.From)
		shapes := rowShapes(rows, b.readsID)
		figs := make([]int16, len(group))
		for gi, gb := range group {
			figs[gi] = int16(cr.fig(gb.Measure, gb.Kind))
		}
		// enough chunks for every CPU to take some (parallel.Spread runs
		// fewer than parallel.MinItems items on one)
		chunk := min(creditChunk, max(64, len(rows)/parallel.MinItems))
		chunks := (len(rows) + chunk - 1) / chunk
		// chunks are credited a wave at a time into buffers the waves reuse
		wave := min(chunks, creditWave)
		parts := make([][]creditEntry, wave)
		for first := 0; first < chunks; first += wave {
			n := min(wave, chunks-first)
			e.forEach(n, func(w *worker, j int) {
				k := first + j
				acc := scratch[slices.Index(e.workers, w)]
				out := parts[j][:0]
				var fi int16
				emit := func(rep int32, p int, amount float64) {
					out = append(out, creditEntry{rep: rep, fig: fi, p: int16(p), amount: amount})
				}
				roll := func(rep int32, p int, amount float64) {
					out = append(out, creditEntry{rep: rep, fig: fi, p: int16(p), roll: true, amount: amount})
				}
				for i := k * chunk; i < min((k+1)*chunk, len(rows)); i++ {
					for gi, gb := range group {
						fi = figs[gi]
						cr.creditRow(w, acc, gb, rows[i], shapes.at(i), i, emit, roll)
					}
				}
				acc.loaded = nil
				parts[j] = out
			})
			for _, part := range parts[:n] {
				for _, en := range part {
					if en.roll {
						sum.addRoll(cr, int(en.fig), en.rep, int(en.p), en.amount)
					} else {
						sum.add(cr, int(en.fig), en.rep, int(en.p), en.amount)
					}
				}
			}
		}
	}
	for _, acc := range scratch {
		sum.unassigned = append(sum.unassigned, acc.unassigned...)
	}
	cr.sums, cr.history, cr.seen, cr.rows, cr.unassigned = sum.sums, sum.history, sum.seen, sum.rows, sum.unassigned
	e.passUp(sum)
	slices.SortFunc(cr.unassigned, func(a, b Unassigned) int {
		return cmp.Or(strings.Compare(a.Block, b.Block), strings.Compare(a.Row, b.Row), cmp.Compare(a.index, b.index))
	})
	e.creditsDone()
	for _, m := range e.c.schema.Credits.Actual {
		if e.measureEvaluated(m) {
			e.setAttainment(m)
		}
	}
}

// creditsDone sets the credited figures on the rep objects and gives
// every frame, the workers' and those made later, actual() and pipeline().
func (e *evaluator) creditsDone() {
	e.credit.done = true
	e.setCreditFields()
	fns := map[rules.Slot]any{
		rules.SlotActualFunc: rules.CreditFunc(func(rep, m, period string) float64 {
			return e.creditOf("actual", plans.CreditActual, rep, m, period)
		}),
		rules.SlotPipelineFunc: rules.CreditFunc(func(rep, m, period string) float64 {
			return e.creditOf("pipeline", plans.CreditPipeline, rep, m, period)
		}),
	}
	for s, fn := range fns {
		e.w.base[s] = fn
		for _, w := range e.workers {
			w.env.Set(s, fn)
		}
	}
}

// restoreCredits sets, in a world restored from res (explain, plan
// tests), the credited figures res holds.
func (e *evaluator) restoreCredits(res *Result) {
	if len(e.c.credits) == 0 || res.Credits == nil {
		return
	}
	cr := e.newCreditRun()
	e.credit = cr
	acc := &creditAcc{}
	acc.alloc(cr, cr.reps)
	n := cr.n
	for i, rep := range res.Reps {
		for _, a := range rep.Actuals {
			for _, kind := range plans.CreditKinds {
				f := cr.fig(a.Measure, kind)
				if f < 0 {
					continue
				}
				src := a.Actual
				switch kind {
				case plans.CreditActual:
					acc.history[f][i] = a.History
				case plans.CreditPipeline:
					src = a.Pipeline
				case plans.CreditForecast:
					src, acc.seen[f][i] = a.Forecast, a.Forecasted
				}
				copy(acc.sums[f][i*n:(i+1)*n], src)
			}
		}
	}
	cr.sums, cr.history, cr.seen, cr.rows, cr.unassigned = acc.sums, acc.history, acc.seen, acc.rows, res.Credits.Unassigned
	e.creditsDone()
	for _, m := range e.c.schema.Credits.Actual {
		e.setAttainment(m)
	}
}

func addInto(dst, src []float64) {
	for i, v := range src {
		dst[i] += v
	}
}

// alloc makes room for the sums of every figure over reps.
func (acc *creditAcc) alloc(cr *creditRun, reps int) {
	nf := len(cr.figs)
	acc.sums, acc.history, acc.seen, acc.rows = make([][]float64, nf), make([][]float64, nf), make([][]uint64, nf), make([][]int32, nf)
	acc.roll, acc.rollRows = make([][]float64, nf), make([][]int32, nf)
	for f, fig := range cr.figs {
		acc.sums[f] = make([]float64, reps*cr.n)
		acc.rows[f] = make([]int32, reps)
		if cr.managers[f] {
			acc.roll[f] = make([]float64, reps*(cr.n+1))
			acc.rollRows[f] = make([]int32, reps)
		}
		switch fig.kind {
		case plans.CreditActual:
			acc.history[f] = make([]float64, reps)
		case plans.CreditForecast:
			acc.seen[f] = make([]uint64, reps)
		}
	}
}

// add credits amount to rep in period p (-1: history) of figure f.
func (acc *creditAcc) add(cr *creditRun, f int, rep int32, p int, amount float64) {
	if acc.sums == nil {
		acc.alloc(cr, cr.reps)
	}
	acc.rows[f][rep]++
	if p < 0 {
		acc.history[f][rep] += amount
		return
	}
	acc.sums[f][int(rep)*cr.n+p] += amount
	if acc.seen[f] != nil && p < 64 {
		acc.seen[f][rep] |= 1 << p
	}
}

// addRoll records manager credit of figure f for the managers above rep
// in period p (-1: history).
func (acc *creditAcc) addRoll(cr *creditRun, f int, rep int32, p int, amount float64) {
	if acc.sums == nil {
		acc.alloc(cr, cr.reps)
	}
	acc.rollRows[f][rep]++
	acc.roll[f][int(rep)*(cr.n+1)+p+1] += amount
}

// passUp credits, for every rep with manager credit to pass on, each
// manager above it (any depth) with it.
func (e *evaluator) passUp(acc *creditAcc) {
	cr, n := e.credit, e.credit.n
	for f := range cr.figs {
		roll := acc.roll[f]
		if roll == nil {
			continue
		}
		for r, rs := range e.w.reps {
			if acc.rollRows[f][r] == 0 {
				continue
			}
			vals := roll[r*(n+1) : (r+1)*(n+1)]
			seen := 0
			for m := rs.manager; m != nil && seen <= len(e.w.reps); m, seen = m.manager, seen+1 {
				acc.rows[f][m.index] += acc.rollRows[f][r]
				if acc.history[f] != nil {
					acc.history[f][m.index] += vals[0]
				}
				addInto(acc.sums[f][m.index*n:(m.index+1)*n], vals[1:])
			}
		}
	}
}

// rowShapes returns the shape of each row's object: rows of one file share
// their names, so there is one shape per file.
func rowShapes(rows []*plans.Row, withID bool) shapeRuns {
	var out shapeRuns
	var last []string
	for i, r := range rows {
		names, _ := r.Attrs.Row()
		if len(out) == 0 || !sameSlice(names, last) {
			last = names
			fields := slices.Clone(names)
			if withID {
				fields = append(fields, "id")
			}
			out = append(out, shapeRun{from: i, shape: rules.NewShape(fields...)})
		}
	}
	return out
}

// shapeRuns are the shapes of consecutive rows: each holds from its row
// on, until the next.
type shapeRuns []shapeRun

type shapeRun struct {
	from  int
	shape *rules.Shape
}

// at returns the shape of row i.
func (s shapeRuns) at(i int) *rules.Shape {
	k, found := slices.BinarySearchFunc(s, i, func(r shapeRun, i int) int { return cmp.Compare(r.from, i) })
	if !found {
		k--
	}
	return s[k].shape
}

// rowsOf returns the rows of kind, gathered once per run.
func (cr *creditRun) rowsOf(p *plans.Plan, kind string) []*plans.Row {
	if cr.rowsByKind == nil {
		cr.rowsByKind = map[string][]*plans.Row{}
	}
	rows, ok := cr.rowsByKind[kind]
	if !ok {
		rows = p.CreditRows(kind)
		cr.rowsByKind[kind] = rows
	}
	return rows
}

// rowSubject names a row in messages: `deal "D7" (data/deals.csv:8)`.
func rowSubject(b *creditBlock, row *plans.Row) string {
	return fmt.Sprintf("%s %q (%s)", b.RowName(), row.ID, at(row.DefRange))
}

// creditRow evaluates block b for one row and calls emit for each credit:
// a rep index, a period index (-1 for history) and an amount.
//
// With managers = true, rollup (when not nil) takes the manager credit of
// a row credited to one rep: every manager above rep gets amount, which
// the caller passes up the tree once for all rows; a row credited to
// several reps (and every row when rollup is nil) credits each manager
// above them through emit, at most once.
func (cr *creditRun) creditRow(w *worker, acc *creditAcc, b *creditBlock, row *plans.Row, shape *rules.Shape, i int,
	emit, rollup func(rep int32, p int, amount float64)) {
	if acc.loaded != row { // the blocks reading the same rows share the row's object
		acc.loaded = row
		_, values := row.Attrs.Row()
		if b.readsID {
			n := len(values) + 1
			if cap(acc.vals) < n {
				acc.vals = make([]any, n)
			}
			acc.vals = acc.vals[:n]
			copy(acc.vals, values)
			acc.vals[n-1] = row.ID
			values = acc.vals
		}
		acc.obj.Load(shape, values) // the object only reads values
		w.env.Set(b.slot, &acc.obj)
	}
	subject := func() string { return rowSubject(b, row) }
	if b.where != nil {
		ok, err := w.mach.Bool(b.where, w.env)
		if err != nil {
			w.failRule(b.where, subject(), err)
			return
		}
		if !ok {
			return
		}
	}
	dv, err := w.mach.RunValue(b.date, w.env)
	if err != nil {
		w.failRule(b.date, subject(), err)
		return
	}
	p, day, ok := cr.periodOf(dv)
	if !ok {
		fix := "fix the cell, or the rule"
		if dv == nil {
			fix = fmt.Sprintf("fill the cell, or leave rows without a date out in where, e.g. where = \"%s != nil\"", b.date.Text)
		}
		w.fail("date:"+b.Name(), b.date.Range, "Invalid date", fmt.Sprintf(
			"The date rule of %s %q gives %s for %s, which is no date. It must give a day \"YYYY-MM-DD\", a month \"YYYY-MM\" or a date() value: %s.",
			b.Kind, b.Label, describeAny(dv), subject(), fix))
		return
	}
	switch b.Kind {
	case plans.CreditActual:
		switch {
		case p >= 0 && p < cr.n && day <= cr.asOf:
		case p >= -historyMonths && p < 0:
			p = -1
		default:
			return
		}
	case plans.CreditPipeline:
		if p < 0 || p >= cr.n || day <= cr.asOf {
			return
		}
	default:
		if p < 0 || p >= cr.n {
			return
		}
	}
	av, err := w.mach.RunValue(b.amount, w.env)
	if err != nil {
		w.failRule(b.amount, subject(), err)
		return
	}
	amount, ok := av.(float64)
	if !ok {
		if amount, ok = rules.ToFloat(av); !ok || math.IsNaN(amount) || math.IsInf(amount, 0) {
			w.fail("amount:"+b.Name(), b.amount.Range, "Invalid amount", fmt.Sprintf(
				"The amount rule of %s %q gives %s for %s, which is not a number. Fix the cell (a number may carry thousands separators and a leading currency, as in $180,000; an empty cell is nil), or the rule.",
				b.Kind, b.Label, describeAny(av), subject()))
			return
		}
	}
	rv, err := w.mach.RunValue(b.rep, w.env)
	if err != nil {
		w.failRule(b.rep, subject(), err)
		return
	}
	acc.credits = acc.credits[:0]
	unassigned := func(share float64, reason string) {
		acc.unassigned = append(acc.unassigned, Unassigned{Block: b.Name(), Measure: b.Measure, Row: row.ID, At: at(row.DefRange),
			Amount: amount * share, Reason: reason, index: i})
	}
	credit := func(id string, share float64) {
		ri, ok := cr.index[id]
		if !ok {
			unassigned(share, fmt.Sprintf("no rep %q", id))
			return
		}
		for _, c := range acc.credits {
			if c.rep == ri {
				return // repeats are ignored
			}
		}
		acc.credits = append(acc.credits, repShare{ri, share})
	}
	badCredit := func(what string) {
		w.fail("credit:"+b.Name(), b.rep.Range, "Invalid credit", fmt.Sprintf(
			"The rep rule of %s %q gives %s for %s. It must give a rep id, a list of rep ids (each credited the whole amount) or a map of rep id to share (a number >= 0).",
			b.Kind, b.Label, what, subject()))
	}
	if m, ok := rv.(map[any]any); ok { // fromPairs() and maps with computed keys
		sm := make(map[string]any, len(m))
		for k, x := range m {
			id, ok := k.(string)
			if !ok {
				badCredit(fmt.Sprintf("a map with the key %s", describeAny(k)))
				return
			}
			sm[id] = x
		}
		rv = sm
	}
	switch v := rv.(type) {
	case nil:
		unassigned(1, "no rep: the rep rule gives nil")
	case string:
		credit(v, 1)
	case float64: // an owner column of employee numbers reads as numbers
		credit(FormatNumber(v), 1)
	case []any:
		for _, x := range v {
			switch id := x.(type) {
			case nil:
			case string:
				credit(id, 1)
			case float64:
				credit(FormatNumber(id), 1)
			default:
				badCredit(fmt.Sprintf("a list holding %s", describeAny(x)))
				return
			}
		}
		if len(acc.credits) == 0 && !slices.ContainsFunc(v, func(x any) bool { return x != nil }) {
			unassigned(1, "no rep: the rep rule gives an empty list")
		}
	case map[string]any:
		ids := make([]string, 0, len(v))
		for id := range v {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		for _, id := range ids {
			share, ok := rules.ToFloat(v[id])
			if !ok || math.IsNaN(share) || math.IsInf(share, 0) {
				badCredit(fmt.Sprintf("the share %s for %q", describeAny(v[id]), id))
				return
			}
			if share < 0 {
				w.fail("share:"+b.Name(), b.rep.Range, "Negative share", fmt.Sprintf(
					"The rep rule of %s %q gives %q the share %s for %s. Shares are numbers >= 0 (0.6 for 60%%): a credit note subtracts through a negative amount, not a negative share.",
					b.Kind, b.Label, id, FormatNumber(share), subject()))
				return
			}
			credit(id, share)
		}
	default:
		badCredit(describeAny(rv))
		return
	}
	for _, c := range acc.credits {
		emit(c.rep, p, amount*c.share)
	}
	if !b.Managers || len(acc.credits) == 0 {
		return
	}
	if len(acc.credits) == 1 && rollup != nil {
		// every manager above the one credited rep gets amount x
		// min(1, share): summed per rep and passed up the tree once
		c := acc.credits[0]
		rollup(c.rep, p, amount*min(1, c.share))
		return
	}
	acc.mgr = acc.mgr[:0]
	for _, c := range acc.credits {
		seen := 0
		for m := w.e.w.reps[c.rep].manager; m != nil && seen <= len(w.e.w.reps); m, seen = m.manager, seen+1 {
			k := slices.IndexFunc(acc.mgr, func(s mgrShare) bool { return s.rep == int32(m.index) })
			if k < 0 {
				acc.mgr = append(acc.mgr, mgrShare{rep: int32(m.index)})
				k = len(acc.mgr) - 1
			}
			acc.mgr[k].sum += c.share
		}
	}
	for _, m := range acc.mgr {
		emit(m.rep, p, amount*min(1, m.sum))
	}
}

// describeAny describes a rule's value for a message.
func describeAny(v any) string {
	switch v := v.(type) {
	case nil:
		return "nil"
	case string:
		if len(v) > 60 {
			return fmt.Sprintf("%q...", v[:60])
		}
		return fmt.Sprintf("%q", v)
	case float64, int, bool:
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("a %T", v)
}

// periodOf reads a date value as the index of the plan period holding it
// (negative before the plan: -1 for the month before its start) and its
// day number. A month "YYYY-MM" stands for its first day.
func (cr *creditRun) periodOf(v any) (p int, day int64, ok bool) {
	var y, m, d int
	switch v := v.(type) {
	case string:
		y, m, d, ok = parseDay(v)
		if !ok {
			return 0, 0, false
		}
	case time.Time:
		y, m, d = v.Year(), int(v.Month()), v.Day()
	default:
		return 0, 0, false
	}
	p = (y-cr.start.Year())*12 + m - int(cr.start.Month())
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	return p, t.Unix() / 86400, true
}

// parseDay parses "YYYY-MM-DD" (a real day) or "YYYY-MM" (its first day).
func parseDay(s string) (y, m, d int, ok bool) {
	num := func(s string) (int, bool) {
		n := 0
		for i := 0; i < len(s); i++ {
			if s[i] < '0' || s[i] > '9' {
				return 0, false
			}
			n = n*10 + int(s[i]-'0')
		}
		return n, len(s) > 0
	}
	if (len(s) != 10 && len(s) != 7) || s[4] != '-' {
		return 0, 0, 0, false
	}
	var ok1, ok2, ok3 bool
	y, ok1 = num(s[:4])
	m, ok2 = num(s[5:7])
	d, ok3 = 1, true
	if len(s) == 10 {
		if s[7] != '-' {
			return 0, 0, 0, false
		}
		d, ok3 = num(s[8:])
	}
	if !ok1 || !ok2 || !ok3 || m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// setCreditFields sets rep.actual, rep.history, rep.pipeline and
// rep.forecast on every rep object, and rep.attainment and rep.ramped to
// nil and false until the measure's quotas are known.
func (e *evaluator) setCreditFields() {
	cr, sh := e.credit, e.w.credit
	n := cr.n
	tables := func(shape *rules.Shape) []rules.Object {
		if shape == nil {
			return nil
		}
		return shape.Objects(len(e.w.reps))
	}
	actual, history, attain, ramped := tables(sh.actual), tables(sh.actual), tables(sh.actual), tables(sh.actual)
	pipeline, forecast := tables(sh.pipeline), tables(sh.forecast)
	cr.attain, cr.ramped = attain, ramped
	rf := e.w.repShape.Field
	figsOf := func(shape *rules.Shape, kind string) []int { // the figure of each field of shape
		if shape == nil {
			return nil
		}
		var out []int
		for _, m := range shape.Names() {
			out = append(out, cr.fig(m, kind))
		}
		return out
	}
	figs := map[string][]int{plans.CreditActual: figsOf(sh.actual, plans.CreditActual),
		plans.CreditPipeline: figsOf(sh.pipeline, plans.CreditPipeline), plans.CreditForecast: figsOf(sh.forecast, plans.CreditForecast)}
	fields := map[string]int{}
	for _, f := range rules.CreditFields {
		fields[f.Name] = rf(f.Name)
	}
	parallel.Spread(len(e.w.reps), max(1, len(e.workers)), func(_, i int) {
		rs := e.w.reps[i]
		set := func(objs []rules.Object, _ *rules.Shape, field string, kind string, value func(f int) any) {
			if objs == nil {
				return
			}
			o := &objs[i]
			for mi, f := range figs[kind] {
				o.Set(mi, value(f))
			}
			rs.obj.Set(fields[field], o)
		}
		total := func(f int) any {
			var s float64
			for _, v := range cr.sums[f][i*n : (i+1)*n] {
				s += v
			}
			return s
		}
		set(actual, sh.actual, "actual", plans.CreditActual, total)
		set(history, sh.actual, "history", plans.CreditActual, func(f int) any { return cr.history[f][i] })
		set(attain, sh.actual, "attainment", plans.CreditActual, func(int) any { return nil })
		set(ramped, sh.actual, "ramped", plans.CreditActual, func(int) any { return false })
		set(pipeline, sh.pipeline, "pipeline", plans.CreditPipeline, total)
		set(forecast, sh.forecast, "forecast", plans.CreditForecast, total)
	})
}

// measureEvaluated reports whether the quotas of measure are computed.
func (e *evaluator) measureEvaluated(measure string) bool {
	return e.evaluated[measure]
}

// afterStep records a finished step and sets the attainment of a measure
// once both its quotas and the crediting are done.
func (e *evaluator) afterStep(s step) {
	if s.measure == "" {
		return
	}
	if e.evaluated == nil {
		e.evaluated = map[string]bool{}
	}
	e.evaluated[s.measure] = true
	if e.credit != nil && e.credit.done && slices.Contains(e.c.schema.Credits.Actual, s.measure) {
		e.setAttainment(s.measure)
	}
}

// toDate returns quota to date, attainment and whether the rep is ramped
// for qr (nil: the rep does not carry the measure), filling periods (when
// not nil) with each period's quota to date.
func (cr *creditRun) toDate(rs *repState, qr *QuotaResult, actual float64, periods []float64) (td float64, att float64, hasAtt, ramped bool) {
	if qr == nil {
		return 0, 0, false, false
	}
	ramped = true
	for p, e := range cr.elapsed {
		if e <= 0 {
			continue
		}
		v := qr.Periods[p] * e
		if periods != nil {
			periods[p] = v
		}
		td += v
		if rs.presence[p].active != 1 || (qr.ramp != nil && qr.ramp[p] != 1) {
			ramped = false
		}
	}
	if td != 0 {
		att, hasAtt = actual/td, true
	}
	return td, att, hasAtt, ramped
}

// setAttainment sets rep.attainment and rep.ramped of measure on every rep.
func (e *evaluator) setAttainment(measure string) {
	cr := e.credit
	if cr.measureDone[measure] {
		return
	}
	cr.measureDone[measure] = true
	f, mf := cr.fig(measure, plans.CreditActual), e.w.credit.actual.Field(measure)
	parallel.Spread(len(e.w.reps), len(e.workers), func(_, i int) {
		rs := e.w.reps[i]
		var actual float64
		for _, v := range cr.sums[f][i*cr.n : (i+1)*cr.n] {
			actual += v
		}
		_, a, hasAtt, ramped := cr.toDate(rs, rs.quotaOf(measure), actual, nil)
		var av any
		if hasAtt {
			av = a
		}
		cr.attain[i].Set(mf, av)
		cr.ramped[i].Set(mf, ramped)
	})
}

// creditOf implements actual() and pipeline() for rules.
func (e *evaluator) creditOf(fn, kind, repID, measure, period string) float64 {
	rs := e.w.repByID[repID]
	if rs == nil {
		panic(fmt.Sprintf("%s(): no rep %q in the plan", fn, repID))
	}
	cr := e.credit
	f := cr.fig(measure, kind)
	if f < 0 {
		panic(fmt.Sprintf("%s(): the measure %q has no %s block (measures with one: %s)", fn, measure, kind,
			strings.Join(e.p.CreditMeasures(kind), ", ")))
	}
	idx, err := periodSet(period, e.periods, e.quarters)
	if err != nil {
		panic(fn + "(): " + err.Error())
	}
	var sum float64
	for _, p := range idx {
		sum += cr.sums[f][rs.index*cr.n+p]
	}
	return sum
}

// quotaToDate implements quota(rep, measure, "TD"): the quota to date.
func (e *evaluator) quotaToDate(rs *repState, measure string) float64 {
	elapsed := elapsedShares(e.periods, e.p.AsOf)
	qr := rs.quotaOf(measure)
	if qr == nil {
		return 0
	}
	var td float64
	for p, x := range elapsed {
		td += qr.Periods[p] * x
	}
	return td
}

// applyAsOf sets the plan's as_of from the --as-of flag; a flag that is
// not a day is an error.
func applyAsOf(p *plans.Plan, flag string) hcl.Diagnostics {
	if flag == "" {
		return nil
	}
	t, ok := plans.ParseDate(flag)
	if !ok {
		return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid --as-of",
			Detail: fmt.Sprintf("The --as-of flag %q is not a calendar date. Write it as YYYY-MM-DD with a real day, e.g. --as-of 2027-08-31.", flag)}}
	}
	p.AsOf = t
	return nil
}
