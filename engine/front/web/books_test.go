package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/engine/front/web"
	"github.com/quotaplan/quotaplan/rules"
)

// accountsPlan is the engine's small plan with accounts, a carve and an
// override.
var accountsPlan = filepath.Join("..", "..", "testdata", "accounts")

// booksOf decodes the territories page's data of a view.
func booksOf(t *testing.T, body string) *web.BooksData {
	t.Helper()
	var v struct {
		Data struct {
			Territories *web.BooksData `json:"territories"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	return v.Data.Territories
}

// TestBooksData works the books of engine/testdata/accounts out by hand.
// The carve puts acme (NY, 100,000) in na-east; beta (CA, 200,000, the CRM
// says na-east: a move) and gamma (CA, 300,000) in na-west, with zeta
// (150,000) by the override; delta (DE, 400,000) in emea; eps (FR, 50,000,
// the CRM says emea: a move to no territory) in none. Reps: a in na-east,
// b and c in na-west, d in emea, all carrying new_arr.
//
//	potential: na-east 100,000 / 1 = 100,000; na-west 650,000 / 2 = 325,000;
//	emea 400,000 / 1 = 400,000; na 750,000 / 3 = 250,000 (not a leaf).
//	mean (100,000 + 325,000 + 400,000) / 3 = 275,000; deviations -175,000,
//	50,000, 125,000; variance (30.625e9 + 2.5e9 + 15.625e9) / 3 = 16.25e9;
//	cv = sqrt(16.25e9) / 275,000 = 127,475.49 / 275,000 = 0.46355.
//	accounts: na-east 1 / 1, na-west 3 / 2 = 1.5, emea 1 / 1; mean 7/6,
//	variance ((1/6)^2 + (1/3)^2 + (1/6)^2) / 3 = 1/18, cv = 0.2357 / (7/6) = 0.20203.
func TestBooksData(t *testing.T) {
	s := serveWith(t, accountsPlan, engine.Options{})
	_, body := get(t, s.srv, http.MethodGet, "/api/view")
	d := booksOf(t, body)
	if d == nil {
		t.Fatal("no book data for a plan with accounts")
	}
	if d.Accounts != 6 || d.Unassigned != 1 || !d.Carved || d.MoveCount != 2 || len(d.Moves) != 2 ||
		d.Moves[0] != (web.AccountMove{Account: "beta", Name: "Beta", From: "na-east", To: "na-west"}) || d.Moves[1].Account != "eps" || d.Moves[1].To != "" {
		t.Errorf("accounts %d, unassigned %d, moves %+v", d.Accounts, d.Unassigned, d.Moves)
	}
	if len(d.Metrics) != 2 || d.Metrics[0].ID != "accounts" || !strings.Contains(d.Metrics[1].ID, "potential") || d.Metrics[1].Unit != "USD" {
		t.Fatalf("metrics %+v", d.Metrics)
	}
	want := map[string][2]map[string]float64{
		"accounts":      {{"na-east": 1, "na-west": 1.5, "emea": 1, "na": 4.0 / 3}, {"mean": 7.0 / 6, "cv": math.Sqrt(1.0/18) / (7.0 / 6), "min": 1, "max": 1.5}},
		d.Metrics[1].ID: {{"na-east": 100000, "na-west": 325000, "emea": 400000, "na": 250000}, {"mean": 275000, "cv": math.Sqrt(16.25e9) / 275000, "min": 100000, "max": 400000}},
	}
	for _, m := range d.Metrics {
		w := want[m.ID]
		for _, tr := range m.Territories {
			if !near(tr.PerRep, w[0][tr.ID]) || tr.Balanced != (tr.ID != "na") {
				t.Errorf("%s %s: per rep %v (balanced %v), want %v", m.ID, tr.ID, tr.PerRep, tr.Balanced, w[0][tr.ID])
			}
		}
		b := m.Balance
		if b.Territories != 3 || !near(b.Mean, w[1]["mean"]) || !near(b.CV, w[1]["cv"]) || b.Min != w[1]["min"] || b.Max != w[1]["max"] {
			t.Errorf("%s balance %+v, want %v", m.ID, b, w[1])
		}
	}
	if math.Abs(d.Metrics[1].Balance.CV-0.46355) > 1e-5 {
		t.Errorf("potential cv %v, want 0.46355", d.Metrics[1].Balance.CV)
	}
	if d.Metrics[1].Unassigned != 50000 {
		t.Errorf("unassigned potential %v, want eps's 50,000", d.Metrics[1].Unassigned)
	}
	// The starter plan has no accounts: no book data.
	srv, _ := starterServer(t)
	_, body = get(t, srv, http.MethodGet, "/api/view")
	if booksOf(t, body) != nil {
		t.Error("the starter plan has book data")
	}
}

// designJSON is `quotaplan territories DIR --metric RULE --format json`.
type designJSON struct {
	Territories []struct {
		ID     string  `json:"id"`
		PerRep float64 `json:"per_rep"`
		Metric float64 `json:"metric"`
	} `json:"territories"`
	Balance struct {
		CV float64 `json:"cv"`
	} `json:"balance"`
}

func designOf(t *testing.T, dir, metric string) designJSON {
	t.Helper()
	sn := evaluate(t, dir)
	d, diags := sn.Model.Designer(sn.Result, engine.DesignOptions{Metric: metric})
	if diags.HasErrors() {
		t.Fatal(diags)
	}
	var buf bytes.Buffer
	if err := render.WriteDesign(&buf, "json", d.Territories(), false); err != nil {
		t.Fatal(err)
	}
	var out designJSON
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// checkBooks compares the books table of the page with `quotaplan
// territories --format json` by the metric id (rule, currency).
func (b *browser) checkBooks(t *testing.T, base, dir, id, rule string, currency bool, name string) {
	t.Helper()
	want := designOf(t, dir, rule)
	b.open(t, base+"#/territories?metric="+id, "territories")
	b.checkPage(t, name+"-territories-"+id)
	got := eval[map[string][]string](t, b, `Object.fromEntries(Array.from(document.querySelectorAll("#books-table tbody tr")).map(tr => [tr.querySelector("td[data-col=id]").textContent, [tr.querySelector("td[data-col=metric]").textContent, tr.querySelector("td[data-col=per_rep]").textContent]]))`)
	if len(got) != len(want.Territories) {
		t.Fatalf("%s: %d rows in the books table, territories says %d", name, len(got), len(want.Territories))
	}
	for _, tr := range want.Territories {
		per := rules.Human(tr.PerRep, currency)
		if tr.PerRep == 0 {
			per = got[tr.ID][1] // "-" for a territory without reps
		}
		if g := got[tr.ID]; g[0] != rules.Human(tr.Metric, currency) || g[1] != per {
			t.Errorf("%s %s: book %v, territories --format json says %s, %s", name, id, g, rules.Human(tr.Metric, currency), per)
		}
	}
	if text := eval[string](t, b, `document.getElementById("books-balance").textContent`); !strings.Contains(text, fmt.Sprintf("cv %.4f", want.Balance.CV)) {
		t.Errorf("%s: balance reads %q, want cv %.4f", name, text, want.Balance.CV)
	}
}

func TestBrowserBooks(t *testing.T) {
	chromiumPath(t)
	dir := copyTree(t, accountsPlan)
	// beta is moved: its name shows in the moves; na-east's name in the books.
	editPlan(t, filepath.Join(dir, "data"), "accounts.csv", "beta,Beta,", "beta,\""+strings.ReplaceAll(xssName, `"`, `""`)+"\",")
	editPlan(t, dir, "plan.hcl", "territory \"na-east\" {", fmt.Sprintf("territory \"na-east\" {\n  name = %q", xssName))
	s := serveWith(t, dir, engine.Options{})
	b := newBrowser(t)
	for name, base := range map[string]string{"serve": s.ts.URL + "/", "report": writeReportFile(t, dir)} {
		b.checkBooks(t, base, dir, "accounts", "", false, name)
		b.checkBooks(t, base, dir, "potential", "account.potential", true, name)
		for _, table := range []string{"books-table", "moves-table"} {
			if !eval[bool](t, b, fmt.Sprintf(`document.getElementById(%q).textContent.includes(%q)`, table, xssName)) {
				t.Errorf("%s: the hostile name is not text in %s", name, table)
			}
		}
		if eval[bool](t, b, `!!window.__xss || document.querySelectorAll("main img, main script").length > 0`) {
			t.Errorf("%s: a name ran as markup", name)
		}
		if got := eval[string](t, b, `document.querySelector("#moves-table tbody").textContent`); !strings.Contains(got, "epsEpsemeano territory") {
			t.Errorf("%s: moves read %q", name, got)
		}
	}
	// The SaaS example: the books by account count and by potential.
	saas := filepath.Join("..", "..", "..", "examples", "saas-fy2027")
	url := writeReportFile(t, saas)
	b.checkBooks(t, url, saas, "accounts", "", false, "saas")
	b.checkBooks(t, url, saas, "potential_usd", "account.potential_usd", true, "saas")
}

// TestBrowserBooksLarge opens the territories page of a 10,000-rep plan
// with 50,000 accounts (250 territories): drawn within the large plans'
// bar, served and as a report.
func TestBrowserBooksLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10,000-rep plan: skipped with -short")
	}
	chromiumPath(t)
	dir := t.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 10000, Seed: 1, Accounts: 50000, Deals: 2}); err != nil {
		t.Fatal(err)
	}
	s := serveWith(t, dir, engine.Options{})
	b := newBrowser(t)
	for name, base := range map[string]string{"serve": s.ts.URL + "/", "report": writeReportFile(t, dir)} {
		for _, pg := range []string{"territories", "attainment"} {
			start := time.Now()
			b.open(t, base+"#/"+pg, pg)
			took := time.Since(start)
			t.Logf("%s %s of 10,000 reps and 50,000 accounts: drawn in %s", name, pg, took.Round(time.Millisecond))
			if took > 3*time.Second {
				t.Errorf("%s %s took %s", name, pg, took)
			}
			b.checkPage(t, "large-"+name+"-features-"+pg)
		}
	}
}

// BenchmarkUpdateFeatures is BenchmarkUpdate on a plan with accounts and
// deals: the books (a design by each metric) and the attainment page's
// data are built on every evaluation.
func BenchmarkUpdateFeatures(b *testing.B) {
	dir := b.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 10000, Seed: 1, Accounts: 50000, Deals: 10}); err != nil {
		b.Fatal(err)
	}
	sn := evaluate(b, dir)
	srv := web.New(web.Options{})
	b.ResetTimer()
	for b.Loop() {
		srv.Update(sn)
	}
}
