package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/engine/front/web"
	"github.com/quotaplan/quotaplan/rules"
)

// attainmentOf decodes the attainment page's data of a view.
func attainmentOf(t *testing.T, body string) *web.AttainmentData {
	t.Helper()
	var v struct {
		Pages []web.PageRef `json:"pages"`
		Data  struct {
			Attainment *web.AttainmentData `json:"attainment"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	return v.Data.Attainment
}

// TestAttainmentData checks the page's data against figures worked out by
// hand from engine/testdata/actuals (as of 2027-04-15: quota 120,000 a
// year is 10,000 a month; January to March have elapsed and April is
// 15/30 = 0.5 elapsed).
func TestAttainmentData(t *testing.T) {
	s := serveWith(t, actualsPlan, engineOpts(""))
	_, body := get(t, s.srv, http.MethodGet, "/api/view")
	v := viewOf(t, body)
	var pages []string
	for _, p := range v.Pages {
		pages = append(pages, p.ID)
	}
	if got := strings.Join(pages, ","); got != "overview,reps,teams,checks,attainment" {
		t.Errorf("pages %s", got)
	}
	d := attainmentOf(t, body)
	if d == nil || len(d.Measures) != 1 {
		t.Fatalf("attainment data %+v", d)
	}
	if d.AsOf != "2027-04-15" || d.Elapsed[2] != 1 || d.Elapsed[3] != 0.5 || d.Elapsed[4] != 0 {
		t.Errorf("as of %s, elapsed %v", d.AsOf, d.Elapsed)
	}
	m := d.Measures[0]
	// alice and carol: 10,000 x 3 + 10,000 x 0.5 = 35,000 to date; bob is
	// on leave 1-14 February: 10,000 x 14/28 = 5,000 in February, 30,000.
	// Actuals (the engine's hand computation): alice 21,500, bob 14,000,
	// carol 40,000; maria 35,500 as a manager, sam 6,000 as an overlay.
	want := map[string][3]float64{"alice": {35000, 21500, 21500.0 / 35000}, "bob": {30000, 14000, 14000.0 / 30000}, "carol": {35000, 40000, 40000.0 / 35000}}
	seen := 0
	for _, r := range m.Rows {
		w, ok := want[r.ID]
		switch {
		case ok:
			seen++
			if !r.Carries || r.QuotaToDate != w[0] || r.Actual != w[1] || r.Attainment == nil || !near(*r.Attainment, w[2]) {
				t.Errorf("%s: %+v, want quota to date %v, actual %v", r.ID, r, w[0], w[1])
			}
		case r.ID == "maria" || r.ID == "sam":
			if r.Carries || r.Attainment != nil || (r.ID == "maria" && r.Actual != 35500) || (r.ID == "sam" && r.Actual != 6000) {
				t.Errorf("%s: %+v", r.ID, r)
			}
		default:
			t.Errorf("unexpected row %+v", r)
		}
	}
	if seen != 3 || m.QuotaToDate != 100000 || m.ActualTotal != 75500 || m.FY != 355000 {
		t.Errorf("rows %d, totals %v / %v / %v; want 100,000 to date, 75,500 actual, 355,000 FY (bob loses 5,000 in February)", seen, m.QuotaToDate, m.ActualTotal, m.FY)
	}
	// Ramped reps: alice (61.4%) and carol (114.3%); bob's leave makes him
	// not ramped. One of two at or above quota; the median (0.614 + 1.143) / 2.
	var bands []string
	for _, b := range m.Bands {
		bands = append(bands, fmt.Sprintf("%s:%d", b.Label, b.Reps))
	}
	if got := strings.Join(bands, " "); got != "0%-50%:0 50%-80%:1 80%-100%:0 100%-120%:1 120%+:0" || m.Bands[4].To != nil {
		t.Errorf("bands %s", got)
	}
	if m.Reps != 2 || m.AtOrAbove != 1 || m.Share != 0.5 || m.Median == nil || !near(*m.Median, (21500.0/35000+40000.0/35000)/2) || m.Verdict != "below the healthy range" {
		t.Errorf("distribution %d reps, %d at or above, share %v, median %v, %q", m.Reps, m.AtOrAbove, m.Share, m.Median, m.Verdict)
	}
	// January: the quota of alice, bob and carol (30,000) against alice's
	// 10,000 (D1); April: half of 30,000.
	if len(m.Months) != 4 || m.Months[0].Period != "2027-01" || m.Months[0].QuotaToDate != 30000 || m.Months[0].Actual != 10000 || m.Months[3].QuotaToDate != 15000 {
		t.Errorf("months %+v", m.Months)
	}
	// January's forecast: alice 12,000 against her 10,000 actual and quota:
	// (12,000 - 10,000) / 10,000 x 100 = 20 points.
	if len(m.Accuracy) != 3 || m.Accuracy[0].Forecast != 12000 || m.Accuracy[0].GapPoints == nil || !near(*m.Accuracy[0].GapPoints, 20) {
		t.Errorf("accuracy %+v", m.Accuracy)
	}
	if len(d.Unassigned) != 1 || d.Unassigned[0].Row != "D12" || !strings.HasSuffix(d.Unassigned[0].At, "deals.csv:13") || d.Unassigned[0].Amount != 7000 {
		t.Errorf("unassigned %+v", d.Unassigned)
	}

	// The rep page: alice's actual by month.
	_, body = get(t, s.srv, http.MethodGet, "/api/rep?id=alice")
	var rd web.RepDetail
	if err := json.Unmarshal([]byte(body), &rd); err != nil {
		t.Fatal(err)
	}
	if len(rd.Actuals) != 1 || rd.Actuals[0].Total != 21500 || rd.Actuals[0].ToDate != 35000 || rd.Actuals[0].QuotaToDate[3] != 5000 || rd.Actuals[0].Actual[3] != 1500 {
		t.Errorf("alice's actuals %+v", rd.Actuals)
	}

	// A plan without credit blocks has no attainment page and no actuals.
	srv, _ := starterServer(t)
	_, body = get(t, srv, http.MethodGet, "/api/view")
	if attainmentOf(t, body) != nil || strings.Contains(body, `"id":"attainment"`) {
		t.Error("the starter plan has an attainment page")
	}
	_, body = get(t, srv, http.MethodGet, "/api/rep?id=carol")
	if strings.Contains(body, `"actuals"`) {
		t.Error("the starter plan's rep has actuals")
	}
}

// actualsJSON is the "actuals" of each rep in `eval --format json`.
func actualsJSON(t *testing.T, dir string) map[string]map[string]struct {
	QuotaToDate float64  `json:"quota_to_date"`
	Total       float64  `json:"total"`
	Attainment  *float64 `json:"attainment"`
} {
	t.Helper()
	var buf bytes.Buffer
	if err := render.JSON(&buf, evaluate(t, dir).Result); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Reps []struct {
			ID      string `json:"id"`
			Actuals map[string]struct {
				QuotaToDate float64  `json:"quota_to_date"`
				Total       float64  `json:"total"`
				Attainment  *float64 `json:"attainment"`
			} `json:"actuals"`
		} `json:"reps"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	m := map[string]map[string]struct {
		QuotaToDate float64  `json:"quota_to_date"`
		Total       float64  `json:"total"`
		Attainment  *float64 `json:"attainment"`
	}{}
	for _, r := range out.Reps {
		m[r.ID] = r.Actuals
	}
	return m
}

// checkAttainment compares the attainment table with `eval --format json`
// and opens alice's page.
func (b *browser) checkAttainment(t *testing.T, base, dir, name string) {
	t.Helper()
	want := actualsJSON(t, dir)
	b.open(t, base+"#/attainment", "attainment")
	b.checkPage(t, name+"-attainment")
	cells := eval[[][]string](t, b, `Array.from(document.querySelectorAll("#attainment-table tbody tr")).map(tr => ["id", "qtd", "actual", "att"].map(k => tr.querySelector("td[data-col=" + k + "]").textContent))`)
	if len(cells) != 5 {
		t.Fatalf("%s: %d rows in the attainment table, want 5", name, len(cells))
	}
	for _, c := range cells {
		a := want[c[0]]["new_arr"]
		qtd, att := rules.Human(a.QuotaToDate, true), "-"
		if a.Attainment != nil {
			att = fmt.Sprintf("%.1f%%", *a.Attainment*100)
		}
		if c[0] == "maria" || c[0] == "sam" {
			qtd = "-" // credited, no quota
		}
		if c[1] != qtd || c[2] != rules.Human(a.Total, true) || c[3] != att {
			t.Errorf("%s: attainment row %v, eval --format json says %s %s %s", name, c, qtd, rules.Human(a.Total, true), att)
		}
	}
	if got := eval[string](t, b, `document.querySelector("#unassigned-table tbody").textContent`); !strings.Contains(got, "D12") || !strings.Contains(got, "deals.csv:13") || !strings.Contains(got, "7,000") {
		t.Errorf("%s: unassigned rows read %q", name, got)
	}
	if got := eval[string](t, b, `document.getElementById("att-verdict").textContent`); got != "50.0%: below the healthy range." {
		t.Errorf("%s: verdict %q", name, got)
	}
	// Sorted by attainment, highest first: carol, alice, bob, then the
	// credited reps without a quota.
	b.open(t, base+"#/attainment?sort=att&desc=1", "attainment")
	if got := eval[[]string](t, b, `Array.from(document.querySelectorAll("#attainment-table td[data-col=id]")).map(td => td.textContent)`); strings.Join(got, ",") != "carol,alice,bob,maria,sam" {
		t.Errorf("%s: sorted by attainment: %v", name, got)
	}
	b.open(t, base+"#/rep/alice", "rep")
	got := eval[[]string](t, b, `[".actual-total", ".actual-qtd", ".actual-attainment"].map(s => document.querySelector(s).textContent)`)
	if strings.Join(got, " ") != "$21,500 $35,000 61.4%" {
		t.Errorf("%s: alice's actual reads %v", name, got)
	}
	b.checkPage(t, name+"-rep-actuals")
}

func TestBrowserAttainment(t *testing.T) {
	chromiumPath(t)
	dir := copyTree(t, actualsPlan)
	// A deal whose owner and id are markup: they reach the unassigned
	// table as text.
	cell := `"` + strings.ReplaceAll(xssName, `"`, `""`) + `"`
	appendFile(t, filepath.Join(dir, "data", "deals.csv"), cell+","+cell+",,,,Closed Won,2027-02-01,100\n")
	s := serveWith(t, dir, engineOpts(""))
	b := newBrowser(t)
	for name, base := range map[string]string{"serve": s.ts.URL + "/", "report": writeReportFile(t, dir)} {
		b.checkAttainment(t, base, dir, name)
		b.open(t, base+"#/attainment", "attainment")
		if !eval[bool](t, b, fmt.Sprintf(`document.getElementById("unassigned-table").textContent.includes(%q)`, xssName)) {
			t.Errorf("%s: the hostile deal is not shown as text", name)
		}
		if eval[bool](t, b, `!!window.__xss || document.querySelectorAll("main img, main script").length > 0`) {
			t.Errorf("%s: a deal ran as markup", name)
		}
		b.checkPage(t, name+"-attainment-xss")
	}
}

// TestBrowserAttainmentLarge: 10,000 reps with a deal each page through
// the attainment table fifty at a time, drawn within the large plans' bar.
func TestBrowserAttainmentLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10,000-rep plan: skipped with -short")
	}
	chromiumPath(t)
	dir := t.TempDir()
	var reps, deals strings.Builder
	reps.WriteString("id,role\n")
	deals.WriteString("id,owner,close_date,amount\n")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&reps, "r%05d,AE\n", i)
		fmt.Fprintf(&deals, "D%05d,r%05d,2027-0%d-10,%d\n", i, i, 1+i%3, 1000+i)
	}
	writeFile(t, filepath.Join(dir, "reps.csv"), reps.String())
	writeFile(t, filepath.Join(dir, "deals.csv"), deals.String())
	writeFile(t, filepath.Join(dir, "plan.hcl"), `plan "big" {
  start = "2027-01-01"
  as_of = "2027-03-31"
}

import "reps" {
  csv = "reps.csv"
}

import "deals" {
  csv = "deals.csv"
}

quota "new_arr" {
  annual = "120000"
}

actual "new_arr" {
  date   = "deal.close_date"
  amount = "deal.amount"
  rep    = "deal.owner"
}
`)
	s := serveWith(t, dir, engineOpts(""))
	b := newBrowser(t)
	for name, base := range map[string]string{"serve": s.ts.URL + "/", "report": writeReportFile(t, dir)} {
		start := time.Now()
		b.open(t, base+"#/attainment", "attainment")
		took := time.Since(start)
		t.Logf("%s attainment of 10,000 reps: drawn in %s", name, took.Round(time.Millisecond))
		if took > 3*time.Second {
			t.Errorf("%s: the attainment page took %s", name, took)
		}
		if got := eval[string](t, b, `document.getElementById("att-page").textContent`); got != "page 1 of 200" {
			t.Errorf("%s: pager says %q", name, got)
		}
		b.checkPage(t, "large-"+name+"-attainment")
		b.open(t, base+"#/attainment?page=200", "attainment")
		if got := eval[string](t, b, `document.querySelector("#attainment-table td[data-col=id]").textContent`); got != "r09950" {
			t.Errorf("%s: the last page starts with %q", name, got)
		}
	}
}

// copyTree copies the directory src with its subdirectories.
func copyTree(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if e.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendFile(t *testing.T, path, s string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(s); err != nil {
		t.Fatal(err)
	}
}

// TestReportLargeFeatures writes the report of a 10,000-rep plan with
// 50,000 accounts and ten deals a rep (the attainment page, the books and
// every rep's actuals): still under 10 MB.
func TestReportLargeFeatures(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10,000-rep plan: skipped with -short")
	}
	dir := t.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 10000, Seed: 1, Accounts: 50000, Deals: 10}); err != nil {
		t.Fatal(err)
	}
	in, _ := inputOf(t, dir)
	start := time.Now()
	var buf bytes.Buffer
	if err := web.WriteReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	t.Logf("report of 10,000 reps, 50,000 accounts, 100,000 deals: %.1f MB in %s", float64(buf.Len())/1e6, time.Since(start).Round(time.Millisecond))
	if buf.Len() > 10e6 {
		t.Errorf("the report is %d bytes, more than 10 MB", buf.Len())
	}
	for _, want := range []string{`"attainment":{"as_of"`, `"territories":{"accounts":50000`} {
		if !bytes.Contains(buf.Bytes(), []byte(want)) {
			t.Errorf("the report lacks %s", want)
		}
	}
}
