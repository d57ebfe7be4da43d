package examples_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/plans/golden"
)

// The figures of examples/crm-2017 pinned in this file were computed
// independently of quotaplan, by a short python3 script (csv module only)
// over the example's data/*.csv, and cross-checked with awk for a few of
// them (e.g. `awk -F, '$2=="Anna Snelling" && $5=="Won" &&
// $7>="2017-10-01" {s+=$8; n++}' sales_pipeline.csv` gives 57 deals,
// 72878). The script's method:
//
//   - history of an agent: the sum of close_value over the rows with
//     deal_stage "Won" and close_date in 2016-10-01..2017-09-30 (the 12
//     months before the plan's start, 2017-10-01);
//   - actual of an agent: the same over close_date in 2017-10-01..
//     2017-12-31 (Q1 up to as_of); won deals are those rows counted, and
//     so are the deals of the history;
//   - monthly quota: history (or, with no history, the median of the 30
//     non-zero histories, 208509.5) x 12 / 7 x 1.1 / 12, rounded to the
//     nearest 1000, halves away from zero; quota to date is 3 months of it
//     (as_of is the last day of Q1, so every month of Q1 has elapsed);
//   - pipeline of an agent: over the rows with deal_stage "Engaging" or
//     "Prospecting", the sum of the list price of products.csv, with the
//     product GTXPro read as GTX Pro; unpriced counts the rows whose
//     product is not in products.csv, accountless those with an empty
//     account;
//   - a manager's figures: the sums over the agents whose manager column
//     names them; the team quota is the sum of the agents' unrounded
//     annual quotas / 12, rounded to 1000;
//   - attainment: actual / quota to date; the distribution sorts the 35
//     agents' attainments (median: the 18th), the managers' six (the mean
//     of the 3rd and 4th);
//   - coverage: an agent fails when 6 months of quota less the actual is
//     positive and more than the pipeline x 0.64.

const crmDir = "crm-2017"

// crmFigures is one rep's independently computed figures.
type crmFigures struct {
	rep         string
	history     float64 // won before the plan
	histDeals   int     // deals won before the plan
	monthly     float64 // monthly quota
	actual      float64 // won in Q1
	wonDeals    int     // deals won in Q1
	pipeline    float64 // open deals at list price
	openDeals   int     // open deals
	unpriced    float64 // open deals whose product is not in the price list
	accountless float64 // open deals without an account
}

var crmAgents = []crmFigures{
	{"Anna Snelling", 202178, 151, 32000, 72878, 57, 173259, 112, 0, 69},
	{"Boris Faz", 165409, 67, 26000, 96222, 34, 143456, 57, 7, 39},
	{"Carl Lin", 0, 0, 33000, 0, 0, 0, 0, 0, 0},
	{"Carol Thompson", 0, 0, 33000, 0, 0, 0, 0, 0, 0},
	{"Cassey Cress", 340397, 124, 53000, 110092, 39, 220860, 85, 15, 56},
	{"Cecily Lampkin", 162909, 74, 26000, 66891, 33, 86748, 43, 0, 33},
	{"Corliss Cosme", 314841, 107, 49000, 106195, 43, 216840, 81, 16, 54},
	{"Daniell Hammack", 285563, 87, 45000, 78666, 27, 209320, 72, 19, 47},
	{"Darcel Schlecht", 795548, 255, 125000, 357666, 94, 656040, 194, 93, 134},
	{"Donn Cantrell", 340715, 121, 54000, 105145, 37, 0, 0, 0, 0},
	{"Elease Gluck", 201974, 57, 32000, 87221, 23, 251649, 51, 5, 33},
	{"Elizabeth Anderson", 0, 0, 33000, 0, 0, 0, 0, 0, 0},
	{"Garret Kinder", 144961, 59, 23000, 52812, 16, 0, 0, 0, 0},
	{"Gladys Colclough", 248357, 94, 39000, 97317, 41, 192142, 85, 10, 55},
	{"Hayden Neloms", 173676, 75, 27000, 98435, 32, 123530, 50, 0, 36},
	{"James Ascencio", 288595, 90, 45000, 124938, 45, 192216, 61, 8, 44},
	{"Jonathan Berthelot", 214841, 125, 34000, 70045, 46, 127420, 81, 13, 58},
	{"Kami Bicknell", 226879, 123, 36000, 89577, 51, 190990, 90, 22, 61},
	{"Kary Hendrixson", 324755, 145, 51000, 129543, 64, 276517, 103, 25, 66},
	{"Lajuana Vencill", 137689, 91, 22000, 56943, 36, 116039, 80, 0, 57},
	{"Markita Hansen", 273509, 95, 43000, 55283, 35, 282756, 79, 9, 52},
	{"Marty Freudenburg", 187324, 83, 29000, 103871, 39, 229445, 87, 11, 53},
	{"Maureen Marcano", 248052, 112, 39000, 102343, 37, 140225, 72, 9, 56},
	{"Mei-Mei Johns", 0, 0, 33000, 0, 0, 0, 0, 0, 0},
	{"Moses Frase", 140958, 93, 22000, 66224, 36, 108161, 65, 0, 44},
	{"Natalya Ivanova", 0, 0, 33000, 0, 0, 0, 0, 0, 0},
	{"Niesha Huffines", 135072, 82, 21000, 41889, 23, 107745, 64, 8, 39},
	{"Reed Clapper", 314756, 117, 49000, 123580, 38, 0, 0, 0, 0},
	{"Rosalina Dieter", 185212, 51, 29000, 50191, 21, 119664, 50, 5, 34},
	{"Rosie Papadopoulos", 171673, 57, 27000, 58496, 21, 116685, 39, 12, 24},
	{"Versie Hillebrand", 133635, 125, 21000, 54058, 51, 101409, 97, 0, 69},
	{"Vicki Laflamme", 339314, 153, 53000, 139082, 68, 227326, 104, 17, 77},
	{"Violet Mclelland", 98868, 87, 16000, 24563, 35, 80150, 68, 5, 48},
	{"Wilburn Farren", 88558, 33, 14000, 69082, 22, 82275, 31, 2, 28},
	{"Zane Levy", 316820, 109, 50000, 113248, 52, 193348, 88, 22, 59},
}

// crmManagers holds the managers' team figures (unpriced and accountless
// are not counted for managers: those pipeline blocks credit agents only).
var crmManagers = []crmFigures{
	{"Cara Losch", 818901, 343, 161000, 311148, 137, 495950, 219, 0, 0},
	{"Celia Rouche", 1173685, 431, 217000, 430212, 179, 1004925, 334, 0, 0},
	{"Dustin Brinkmann", 777369, 534, 122000, 316994, 213, 585616, 397, 0, 0},
	{"Melvin Marxen", 1581142, 639, 281000, 670788, 243, 1312792, 511, 0, 0},
	{"Rocco Neubert", 1446840, 516, 260000, 513705, 175, 573636, 214, 0, 0},
	{"Summer Sewald", 1405101, 579, 254000, 559649, 249, 993296, 414, 0, 0},
}

// crmResult is the part of the JSON result (SPEC section 8 keys) that the
// tests read.
type crmResult struct {
	AsOf string `json:"as_of"`
	Reps []struct {
		ID      string `json:"id"`
		Manager string `json:"manager"`
		Quotas  map[string]struct {
			Total float64 `json:"total"`
		} `json:"quotas"`
		Actuals map[string]struct {
			QuotaToDate float64            `json:"quota_to_date"`
			Total       float64            `json:"total"`
			Periods     map[string]float64 `json:"periods"`
			Quarters    map[string]float64 `json:"quarters"`
			Attainment  *float64           `json:"attainment"`
			Ramped      bool               `json:"ramped"`
			History     float64            `json:"history"`
			Pipeline    float64            `json:"pipeline"`
		} `json:"actuals"`
	} `json:"reps"`
	Attainment []struct {
		Measure   string  `json:"measure"`
		AsOf      string  `json:"as_of"`
		Reps      int     `json:"reps"`
		AtOrAbove int     `json:"at_or_above"`
		Share     float64 `json:"share"`
		Median    float64 `json:"median"`
		Bands     []struct {
			From float64  `json:"from"`
			To   *float64 `json:"to"`
			Reps int      `json:"reps"`
		} `json:"bands"`
	} `json:"attainment"`
	Unassigned []json.RawMessage `json:"unassigned"`
	Checks     []struct {
		Check   string `json:"check"`
		Subject string `json:"subject"`
		Status  string `json:"status"`
		Message string `json:"message"`
	} `json:"checks"`
	Vars map[string]any `json:"vars"`
}

// evaluateCRM evaluates the example, failing on an error diagnostic, and
// returns the engine's result and its JSON decoded.
func evaluateCRM(t *testing.T) (*engine.Result, []byte, crmResult) {
	t.Helper()
	return evaluateCRMAsOf(t, "")
}

// evaluateCRMAsOf is evaluateCRM with --as-of asOf ("" for the plan's).
func evaluateCRMAsOf(t *testing.T, asOf string) (*engine.Result, []byte, crmResult) {
	t.Helper()
	return evaluateCRMWith(t, engine.Options{AsOf: asOf})
}

// evaluateCRMWith is evaluateCRM with options.
func evaluateCRMWith(t *testing.T, opts engine.Options) (*engine.Result, []byte, crmResult) {
	t.Helper()
	res, _, diags := engine.Run(context.Background(), crmDir, opts)
	if diags.HasErrors() {
		t.Fatalf("diagnostics:\n%v", diags)
	}
	var buf bytes.Buffer
	if err := render.JSON(&buf, res); err != nil {
		t.Fatal(err)
	}
	var out crmResult
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return res, buf.Bytes(), out
}

// near reports whether two figures agree to the 6 decimals the JSON keeps.
func near(a, b float64) bool { return math.Abs(a-b) < 5e-6 }

func TestCRM2017Golden(t *testing.T) {
	res, js, _ := evaluateCRM(t)
	if res.Summary.Errors != 0 {
		t.Errorf("failed error checks = %d, want 0 (the example's checks are warnings)", res.Summary.Errors)
	}
	if res.Summary.Warnings == 0 {
		t.Error("no failed warning check; the example's data faults should fail some")
	}
	golden.Check(t, filepath.Join("testdata", "crm-2017.json"), js)
}

func TestCRM2017Figures(t *testing.T) {
	res, _, out := evaluateCRM(t)
	if out.AsOf != "2017-12-31" {
		t.Errorf("as_of = %q, want 2017-12-31", out.AsOf)
	}
	byID := map[string]int{}
	for i, r := range out.Reps {
		byID[r.ID] = i
		if res.Reps[i].ID != r.ID {
			t.Fatalf("rep %d is %q in the result, %q in its JSON", i, res.Reps[i].ID, r.ID)
		}
	}
	if len(out.Reps) != 41 {
		t.Errorf("%d reps, want 35 agents and 6 managers", len(out.Reps))
	}
	check := func(t *testing.T, f crmFigures, measure string) {
		i, ok := byID[f.rep]
		if !ok {
			t.Fatalf("no rep %q", f.rep)
		}
		r := out.Reps[i]
		a, ok := r.Actuals[measure]
		if !ok {
			t.Fatalf("rep %q has no %s actuals", f.rep, measure)
		}
		qtd := 3 * f.monthly
		if a.History != f.history || a.Total != f.actual || a.QuotaToDate != qtd || a.Pipeline != f.pipeline {
			t.Errorf("%s %s: history %v actual %v quota to date %v pipeline %v; want %v %v %v %v",
				f.rep, measure, a.History, a.Total, a.QuotaToDate, a.Pipeline, f.history, f.actual, qtd, f.pipeline)
		}
		if q := r.Quotas[measure].Total; q != 12*f.monthly {
			t.Errorf("%s %s: FY quota %v, want %v", f.rep, measure, q, 12*f.monthly)
		}
		if a.Attainment == nil || !near(*a.Attainment, f.actual/qtd) {
			t.Errorf("%s %s: attainment %v, want %v", f.rep, measure, fmtPtr(a.Attainment), f.actual/qtd)
		}
		if !a.Ramped {
			t.Errorf("%s %s: not ramped; nobody in the export has a start date", f.rep, measure)
		}
		if q1 := a.Quarters["Q1"]; q1 != f.actual {
			t.Errorf("%s %s: Q1 actual %v, want %v", f.rep, measure, q1, f.actual)
		}
		if len(a.Periods) != 3 {
			t.Errorf("%s %s: %d elapsed periods, want 2017-10..2017-12", f.rep, measure, len(a.Periods))
		}
		// The engine counts every row credited to the rep: the won deals
		// of the history and of Q1, and the open deals.
		if got, want := res.Reps[i].Actual(measure).Rows, f.histDeals+f.wonDeals+f.openDeals; got != want {
			t.Errorf("%s %s: %d rows credited, want %d won before the plan + %d won in Q1 + %d open",
				f.rep, measure, got, f.histDeals, f.wonDeals, f.openDeals)
		}
	}
	for _, f := range crmAgents {
		t.Run(f.rep, func(t *testing.T) {
			check(t, f, "bookings")
			r := out.Reps[byID[f.rep]]
			if got := r.Actuals["unpriced_deals"].Pipeline; got != f.unpriced {
				t.Errorf("unpriced open deals %v, want %v", got, f.unpriced)
			}
			if got := r.Actuals["accountless_deals"].Pipeline; got != f.accountless {
				t.Errorf("open deals without an account %v, want %v", got, f.accountless)
			}
		})
	}
	for _, f := range crmManagers {
		t.Run(f.rep, func(t *testing.T) { check(t, f, "team_bookings") })
	}
	t.Run("Anna Snelling by month", func(t *testing.T) {
		want := map[string]float64{"2017-10": 15416, "2017-11": 21008, "2017-12": 36454}
		got := out.Reps[byID["Anna Snelling"]].Actuals["bookings"].Periods
		for p, v := range want {
			if got[p] != v {
				t.Errorf("%s: %v, want %v", p, got[p], v)
			}
		}
	})
	t.Run("totals", func(t *testing.T) {
		// 2802496 won in Q1 by the agents, 4966215 of open deals, 333 of
		// them GTXPro, 1425 without an account, 7203038 of history.
		var actual, pipeline, unpriced, accountless, history float64
		for _, f := range crmAgents {
			r := out.Reps[byID[f.rep]]
			actual += r.Actuals["bookings"].Total
			pipeline += r.Actuals["bookings"].Pipeline
			history += r.Actuals["bookings"].History
			unpriced += r.Actuals["unpriced_deals"].Pipeline
			accountless += r.Actuals["accountless_deals"].Pipeline
		}
		if actual != 2802496 || pipeline != 4966215 || unpriced != 333 || accountless != 1425 || history != 7203038 {
			t.Errorf("totals: actual %v pipeline %v unpriced %v accountless %v history %v; want 2802496 4966215 333 1425 7203038",
				actual, pipeline, unpriced, accountless, history)
		}
	})
	t.Run("nothing unassigned", func(t *testing.T) {
		// Every sales_agent of the pipeline is a row of sales_teams.csv.
		if len(out.Unassigned) != 0 {
			t.Errorf("%d unassigned rows, want none", len(out.Unassigned))
		}
	})
}

func TestCRM2017Distribution(t *testing.T) {
	_, _, out := evaluateCRM(t)
	tests := []struct {
		measure   string
		reps      int
		atOrAbove int
		median    float64
		bands     []int
	}{
		// The 35 agents: 5 at or above quota (Boris Faz 1.2336, Hayden
		// Neloms 1.2152, Marty Freudenburg 1.1939, Moses Frase 1.0034,
		// Wilburn Farren 1.6448); median Garret Kinder's 52812 / 69000.
		{"bookings", 35, 5, 52812.0 / 69000, []int{6, 12, 12, 2, 3}},
		// The 6 managers: none at quota, Dustin Brinkmann's 316994 / 366000
		// (0.866) the only one above 0.8; median between Celia Rouche's
		// 430212 / 651000 and Summer Sewald's 559649 / 762000.
		{"team_bookings", 6, 0, (430212.0/651000 + 559649.0/762000) / 2, []int{0, 5, 1, 0, 0}},
	}
	for _, tt := range tests {
		t.Run(tt.measure, func(t *testing.T) {
			for _, d := range out.Attainment {
				if d.Measure != tt.measure {
					continue
				}
				if d.Reps != tt.reps || d.AtOrAbove != tt.atOrAbove || !near(d.Share, float64(tt.atOrAbove)/float64(tt.reps)) || !near(d.Median, tt.median) {
					t.Errorf("reps %d at or above %d share %v median %v; want %d %d %v %v",
						d.Reps, d.AtOrAbove, d.Share, d.Median, tt.reps, tt.atOrAbove, float64(tt.atOrAbove)/float64(tt.reps), tt.median)
				}
				var bands []int
				for _, b := range d.Bands {
					bands = append(bands, b.Reps)
				}
				if !slices.Equal(bands, tt.bands) {
					t.Errorf("bands %v, want %v", bands, tt.bands)
				}
				return
			}
			t.Errorf("no attainment distribution for %s", tt.measure)
		})
	}
}

// TestCRM2017AsOf reads the export as of 2017-11-15, halfway through
// November (15 of its 30 days): quota to date is October's month and half
// of November's, actuals are the deals won up to that day, and the open
// deals, dated 2018-01-01, are still pipeline. The script's figures: the
// same method with close_date in 2017-10-01..2017-11-15.
func TestCRM2017AsOf(t *testing.T) {
	_, _, out := evaluateCRMAsOf(t, "2017-11-15")
	if out.AsOf != "2017-11-15" {
		t.Errorf("as_of = %q, want 2017-11-15", out.AsOf)
	}
	var actual float64
	for _, r := range out.Reps {
		if r.Manager == "" {
			continue
		}
		actual += r.Actuals["bookings"].Total
		if r.ID != "Anna Snelling" {
			continue
		}
		a := r.Actuals["bookings"]
		// 32000 + 32000 x 15 / 30; 15416 in October, 14046 in November to the 15th.
		if a.QuotaToDate != 48000 || a.Total != 29462 || a.Pipeline != 173259 {
			t.Errorf("Anna Snelling: quota to date %v actual %v pipeline %v; want 48000 29462 173259", a.QuotaToDate, a.Total, a.Pipeline)
		}
		if a.Attainment == nil || !near(*a.Attainment, 29462.0/48000) {
			t.Errorf("Anna Snelling: attainment %s, want %v", fmtPtr(a.Attainment), 29462.0/48000)
		}
		if len(a.Periods) != 2 || a.Periods["2017-10"] != 15416 || a.Periods["2017-11"] != 14046 {
			t.Errorf("Anna Snelling: periods %v, want 2017-10: 15416 and 2017-11: 14046", a.Periods)
		}
	}
	if actual != 1248325 {
		t.Errorf("agents' actual to date %v, want 1248325", actual)
	}
	for _, d := range out.Attainment {
		if d.Measure != "bookings" {
			continue
		}
		// At quota: Darcel Schlecht, Garret Kinder, James Ascencio, Marty
		// Freudenburg; median Cassey Cress's.
		var bands []int
		for _, b := range d.Bands {
			bands = append(bands, b.Reps)
		}
		if d.Reps != 35 || d.AtOrAbove != 4 || !near(d.Median, 54395.0/79500) || !slices.Equal(bands, []int{12, 12, 7, 3, 1}) {
			t.Errorf("distribution: reps %d at or above %d median %v bands %v; want 35 4 0.684214 (54395 / 79500) [12 12 7 3 1]", d.Reps, d.AtOrAbove, d.Median, bands)
		}
	}
}

// TestCRM2017Flat evaluates the scenario without growth: the same method
// with 1 in place of 1.1 gives Anna Snelling 202178 x 12 / 7 / 12 =
// 28882.57, rounded to 29000 a month, and 8 agents at quota.
func TestCRM2017Flat(t *testing.T) {
	_, _, out := evaluateCRMWith(t, engine.Options{Scenario: "flat"})
	for _, r := range out.Reps {
		if r.ID == "Anna Snelling" {
			if a := r.Actuals["bookings"]; a.QuotaToDate != 87000 || a.Total != 72878 {
				t.Errorf("Anna Snelling: quota to date %v actual %v; want 87000 72878", a.QuotaToDate, a.Total)
			}
		}
	}
	for _, d := range out.Attainment {
		if d.Measure != "bookings" {
			continue
		}
		// At quota: Boris Faz, Darcel Schlecht, Elease Gluck, Hayden Neloms,
		// James Ascencio, Marty Freudenburg, Moses Frase, Wilburn Farren;
		// median Zane Levy's 113248 / 135000.
		var bands []int
		for _, b := range d.Bands {
			bands = append(bands, b.Reps)
		}
		if d.Reps != 35 || d.AtOrAbove != 8 || !near(d.Median, 113248.0/135000) || !slices.Equal(bands, []int{6, 9, 12, 4, 4}) {
			t.Errorf("distribution: reps %d at or above %d median %v bands %v; want 35 8 %v [6 9 12 4 4]", d.Reps, d.AtOrAbove, d.Median, bands, 113248.0/135000)
		}
	}
}

// TestCRM2017Explain pins the rows behind Anna Snelling's Q1 actual: 57
// won deals, the largest 64CTQ6C5 at 6659 (awk over sales_pipeline.csv
// of her Q1 won rows with their line numbers, sorted by close_value).
func TestCRM2017Explain(t *testing.T) {
	m, _, diags := engine.Load(crmDir, engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	res, diags := m.Evaluate(context.Background())
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	n, err := m.Explainer(res).Rep("Anna Snelling", "bookings", "Q1", engine.ExplainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var rows *engine.Node
	var walk func(*engine.Node)
	walk = func(n *engine.Node) {
		if n.Label == "rows" && rows == nil {
			rows = n
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	walk(n)
	if rows == nil {
		t.Fatal("no rows in the explanation of the actual")
	}
	if !strings.HasPrefix(rows.Note, "57 rows credited") {
		t.Errorf("rows note %q, want 57 rows credited", rows.Note)
	}
	if len(rows.Table) < 2 {
		t.Fatalf("rows table %v, want a header and rows", rows.Table)
	}
	first := strings.Join(rows.Table[1], " ")
	for _, want := range []string{"64CTQ6C5", "sales_pipeline.csv:6203", "6659"} {
		if !strings.Contains(first, want) {
			t.Errorf("largest row %q, want it to contain %q", first, want)
		}
	}
}

// TestCRM2017NextExport diffs the plan against next week's export: the
// same files with one more deal won by Anna Snelling, 4821 on 2017-12-20.
// Her actual goes from 72878 to 77699, 77699 / 96000 = 80.9% of quota to
// date; her manager's team from 316994 to 321815, 321815 / 366000 = 87.9%.
func TestCRM2017NextExport(t *testing.T) {
	head := t.TempDir()
	hcl, _ := filepath.Glob(filepath.Join(crmDir, "*.hcl"))
	csvs, _ := filepath.Glob(filepath.Join(crmDir, "data", "*.csv"))
	if len(hcl) == 0 || len(csvs) != 3 {
		t.Fatalf("plan files %v, data files %v", hcl, csvs)
	}
	for _, path := range append(hcl, csvs...) {
		name, _ := filepath.Rel(crmDir, path)
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if name == filepath.Join("data", "sales_pipeline.csv") {
			b = append(b, "NEXTWEEK,Anna Snelling,GTX Pro,Cancity,Won,2017-11-01,2017-12-20,4821\n"...)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(head, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(head, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	base, _, diags := engine.Run(context.Background(), crmDir, engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	next, _, diags := engine.Run(context.Background(), head, engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var buf bytes.Buffer
	if err := diff.Text(&buf, diff.CompareResults(base, next), diff.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Anna Snelling bookings: actual 72,878 -> 77,699 (+4,821, +6.6%), attainment 75.9% -> 80.9%",
		"Dustin Brinkmann team_bookings: actual 316,994 -> 321,815 (+4,821, +1.5%), attainment 86.6% -> 87.9%",
	} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("diff lacks %q:\n%s", want, buf.String())
		}
	}
}

// TestCRM2017Faults pins how the plan surfaces each fault of the export.
func TestCRM2017Faults(t *testing.T) {
	_, _, out := evaluateCRM(t)
	failed := map[string][]string{}
	messages := map[string]string{}
	for _, c := range out.Checks {
		if c.Status == "fail" {
			failed[c.Check] = append(failed[c.Check], c.Subject)
			messages[c.Check+"/"+c.Subject] = c.Message
		}
	}
	noDeals := []string{"Carl Lin", "Carol Thompson", "Elizabeth Anderson", "Mei-Mei Johns", "Natalya Ivanova"}
	tests := []struct {
		check    string
		subjects []string
		message  string // a part of the first subject's message
	}{
		{"products_priced", []string{"fy2018"}, "333 open deals"},
		{"accounts_on_open_deals", []string{"fy2018"}, "1425 open deals have no account"},
		{"agents_have_deals", noDeals, "no deal in the CRM export"},
		{"attainment_health", []string{"fy2018"}, "5 of 35 ramped agents (14%)"},
		// Agents whose open book, at the 64% win rate, does not cover what
		// is left of H1 (6 monthly quotas less Q1's actual).
		{"pipeline_coverage", []string{
			"Anna Snelling", "Carl Lin", "Carol Thompson", "Cassey Cress", "Cecily Lampkin", "Corliss Cosme",
			"Daniell Hammack", "Donn Cantrell", "Elizabeth Anderson", "Garret Kinder", "Gladys Colclough",
			"James Ascencio", "Jonathan Berthelot", "Kami Bicknell", "Lajuana Vencill", "Markita Hansen",
			"Maureen Marcano", "Mei-Mei Johns", "Natalya Ivanova", "Niesha Huffines", "Reed Clapper",
			"Rosalina Dieter", "Rosie Papadopoulos", "Versie Hillebrand", "Vicki Laflamme", "Violet Mclelland",
			"Zane Levy",
		}, "left to close in H1"},
	}
	for _, tt := range tests {
		t.Run(tt.check, func(t *testing.T) {
			got := failed[tt.check]
			slices.Sort(got)
			if !slices.Equal(got, tt.subjects) {
				t.Errorf("failed for %q, want %q", got, tt.subjects)
			}
			if len(tt.subjects) > 0 {
				if m := messages[tt.check+"/"+tt.subjects[0]]; !strings.Contains(m, tt.message) {
					t.Errorf("message %q, want it to contain %q", m, tt.message)
				}
			}
		})
	}
}

// TestCRM2017PriceList pins var.list_price to data/products.csv, the file
// it restates, and the spelling fault between that file and the pipeline.
func TestCRM2017PriceList(t *testing.T) {
	_, _, out := evaluateCRM(t)
	prices, ok := out.Vars["list_price"].(map[string]any)
	if !ok {
		t.Fatalf("var.list_price is %T", out.Vars["list_price"])
	}
	f, err := os.Open(filepath.Join(crmDir, "data", "products.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 8 {
		t.Fatalf("%d rows in products.csv, want a header and 7 products", len(rows))
	}
	for _, row := range rows[1:] {
		want, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		if got, _ := prices[row[0]].(float64); got != want {
			t.Errorf("var.list_price[%q] = %v, products.csv says %v", row[0], prices[row[0]], want)
		}
	}
	if _, ok := prices["GTXPro"]; ok {
		t.Error("var.list_price spells GTXPro as the pipeline does; it should keep products.csv's spelling")
	}
}

func TestCRM2017PlanTests(t *testing.T) {
	m, _, diags := engine.Load(crmDir, engine.Options{})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	results, diags := m.RunTests(context.Background(), nil)
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	if len(results) < 5 {
		t.Errorf("%d tests, want at least 5", len(results))
	}
	for _, r := range results {
		if r.Status != engine.TestPass {
			t.Errorf("test %q (%s) %s: %s", r.Name, r.At, r.Status, r.Message)
		}
	}
}

// fmtPtr prints a figure that may be null.
func fmtPtr(v *float64) string {
	if v == nil {
		return "null"
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}
