package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/engine/front/web"
	"github.com/quotaplan/quotaplan/rules"
)

// h2Plan is the SaaS example re-planned at mid-year: a lock through
// 2027-07, changes from the HRIS, leaves and an adjustment.
var h2Plan = filepath.Join("..", "..", "..", "examples", "saas-fy2027-h2")

func repDetailOf(t *testing.T, h http.Handler, id string) web.RepDetail {
	t.Helper()
	res, body := get(t, h, http.MethodGet, "/api/rep?id="+id)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/rep?id=%s: %d", id, res.StatusCode)
	}
	var d web.RepDetail
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	return d
}

// TestChangesData: hmuller's September is the rules' 83,000 (1,000,000 a
// year x 0.25 / 3 = 83,333.33, rounded to 1,000) less the Globex relief
// of 40,000: 43,000; February to July are locked as published. mrossi
// moves to emea-ent on 2027-08-01 with an OTE of 200,000.
func TestChangesData(t *testing.T) {
	s := serveWith(t, h2Plan, engine.Options{})
	hm := repDetailOf(t, s.srv, "hmuller")
	var q *web.QuotaDetail
	for i := range hm.Quotas {
		if hm.Quotas[i].Measure == "new_arr" {
			q = &hm.Quotas[i]
		}
	}
	if q == nil || q.Lock == nil || len(q.Adjustments) != 1 {
		t.Fatalf("hmuller's new_arr: %+v", q)
	}
	if got := strings.Join(q.Lock.Periods, ","); got != "2027-02,2027-03,2027-04,2027-05,2027-06,2027-07" || q.Lock.File != "published/fy2027-v1.json" || len(q.Lock.Computed) != 6 {
		t.Errorf("lock %+v", q.Lock)
	}
	a := q.Adjustments[0]
	if a.ID != "globex_relief" || a.Period != "2027-09" || a.Amount != -40000 || a.Reason != "Globex moved to the strategic accounts team" || !strings.HasSuffix(a.At, "year.hcl:28") {
		t.Errorf("adjustment %+v", a)
	}
	if q.Periods[7] != 43000 {
		t.Errorf("hmuller's 2027-09 is %v, want 83,000 - 40,000 = 43,000", q.Periods[7])
	}
	if len(hm.Changes) != 0 {
		t.Errorf("hmuller has changes %+v", hm.Changes)
	}
	mr := repDetailOf(t, s.srv, "mrossi")
	if len(mr.Changes) != 1 || mr.Changes[0].From != "2027-08-01" || fmt.Sprint(mr.Changes[0].Attrs) != "[{territory emea-ent} {ote 200,000}]" || !strings.HasSuffix(mr.Changes[0].At, "changes.csv:2") {
		t.Errorf("mrossi's changes %+v", mr.Changes)
	}
	// The starter plan has neither.
	srv, _ := starterServer(t)
	if _, body := get(t, srv, http.MethodGet, "/api/rep?id=carol"); strings.Contains(body, `"lock"`) || strings.Contains(body, `"adjustments"`) || strings.Contains(body, `"changes"`) {
		t.Errorf("the starter plan's carol has changes: %s", body)
	}
}

// TestChangesLetter: the letters say what is locked, adjusted and moved
// in plain words, and nothing of it for a plan without.
func TestChangesLetter(t *testing.T) {
	in, res := inputOf(t, h2Plan)
	letter := func(id, format string) string {
		var buf bytes.Buffer
		if err := web.WriteLetter(&buf, format, in, res.Rep(id)); err != nil {
			t.Fatal(err)
		}
		return buf.String()
	}
	for id, want := range map[string][]string{
		"hmuller": {"Changes during the year", `| 2027-07 | \$77,000 | full month; locked as published |`, `| 2027-09 | \$43,000 | full month; adjusted by -\$40,000 |`, "Your new_arr quota of February to July 2027 is locked as published (published/fy2027-v1.json)",
			`Your new_arr quota of September 2027 is lowered by \$40,000 (adjustment "globex_relief", `, "year.hcl:28): Globex moved to the strategic accounts team."},
		"mrossi": {"From 1 August 2027, you move from territory emea-mm to territory emea-ent, your ote becomes 200,000", "The rules would now give"},
		"spatel": {"From 1 October 2027, your role becomes manager"},
	} {
		md := letter(id, "markdown")
		for _, w := range want {
			if !strings.Contains(md, w) {
				t.Errorf("%s's letter lacks %q", id, w)
			}
		}
	}
	if html := letter("hmuller", "html"); !strings.Contains(html, "is lowered by $40,000 (adjustment &#34;globex_relief&#34;") {
		t.Errorf("hmuller's HTML letter lacks the adjustment")
	}
	sin, sres := inputOf(t, starter)
	var buf bytes.Buffer
	if err := web.WriteLetter(&buf, "markdown", sin, sres.Rep("carol")); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(buf.String(), "Changes during the year") {
		t.Error("the starter plan's letter speaks of changes")
	}
}

// monthsJSON is each rep's periods of a measure in `eval --format json`.
func monthsJSON(t *testing.T, dir, measure string) map[string]map[string]float64 {
	t.Helper()
	var buf bytes.Buffer
	if err := render.JSON(&buf, evaluate(t, dir).Result); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Reps []struct {
			ID     string `json:"id"`
			Quotas map[string]struct {
				Periods map[string]float64 `json:"periods"`
			} `json:"quotas"`
		} `json:"reps"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	m := map[string]map[string]float64{}
	for _, r := range out.Reps {
		m[r.ID] = r.Quotas[measure].Periods
	}
	return m
}

func TestBrowserChanges(t *testing.T) {
	chromiumPath(t)
	dir := copyTree(t, h2Plan)
	editPlan(t, dir, "year.hcl", `"Globex moved to the strategic accounts team"`, fmt.Sprintf("%q", xssName))
	want := monthsJSON(t, dir, "new_arr")
	s := serveWith(t, dir, engine.Options{})
	b := newBrowser(t)
	for name, base := range map[string]string{"serve": s.ts.URL + "/", "report": writeReportFile(t, dir)} {
		b.open(t, base+"#/rep/hmuller", "rep")
		b.checkPage(t, name+"-rep-changes")
		rows := eval[[][]string](t, b, `Array.from(document.querySelectorAll("#months-new_arr tbody tr")).map(tr => ["month", "quota", "change"].map(k => tr.querySelector("td[data-col=" + k + "]").textContent))`)
		if len(rows) != 12 {
			t.Fatalf("%s: %d months", name, len(rows))
		}
		for i, r := range rows {
			month := r[0][:7]
			if w := rules.Human(want["hmuller"][month], true); r[1] != w {
				t.Errorf("%s: hmuller %s reads %q, eval --format json says %q", name, month, r[1], w)
			}
			locked, adjusted := i < 6, month == "2027-09"
			if strings.HasSuffix(r[0], "L") != locked || strings.Contains(r[0], "A") != adjusted {
				t.Errorf("%s: month cell %q: locked %v, adjusted %v", name, r[0], locked, adjusted)
			}
			if locked && !strings.HasPrefix(r[2], "published; the rules give ") {
				t.Errorf("%s: %s says %q", name, month, r[2])
			}
			if adjusted && r[2] != "-40,000: "+xssName {
				t.Errorf("%s: September says %q", name, r[2])
			}
		}
		legend := eval[string](t, b, `document.getElementById("legend-new_arr").textContent`)
		if !strings.Contains(legend, "L locked: the figure published in published/fy2027-v1.json") || !strings.Contains(legend, "A adjusted") {
			t.Errorf("%s: legend %q", name, legend)
		}
		if got := eval[string](t, b, `document.querySelector("#adjustments-new_arr tbody").textContent`); !strings.Contains(got, "globex_relief-40,000"+xssName) || !strings.Contains(got, "year.hcl:28") {
			t.Errorf("%s: adjustments read %q", name, got)
		}
		if eval[bool](t, b, `!!window.__xss || document.querySelectorAll("main img, main script").length > 0`) {
			t.Errorf("%s: the reason ran as markup", name)
		}
		b.open(t, base+"#/rep/mrossi", "rep")
		if got := eval[string](t, b, `document.querySelector("#rep-versions tbody").textContent`); !strings.Contains(got, "2027-08-01territory = emea-ent, ote = 200,000") {
			t.Errorf("%s: mrossi's versions %q", name, got)
		}
		if got := eval[string](t, b, `document.querySelector("p.sub").textContent`); !strings.Contains(got, "moves to territory emea-ent on 2027-08-01") {
			t.Errorf("%s: mrossi's header %q", name, got)
		}
		b.checkPage(t, name+"-rep-versions")
	}
}

// TestBrowserH2 opens every page of the mid-year re-plan's report: its
// locked and adjusted figures on the reps table equal eval's.
func TestBrowserH2(t *testing.T) {
	chromiumPath(t)
	b := newBrowser(t)
	url := writeReportFile(t, h2Plan)
	b.open(t, url+"#/overview", "overview")
	for _, pg := range eval[[]string](t, b, `Array.from(document.querySelectorAll("#nav a")).map(a => a.dataset.page)`) {
		b.open(t, url+"#/"+pg, pg)
		b.checkPage(t, "h2-"+pg)
	}
	b.checkNumbers(t, url, h2Plan)
}

// TestChangesLetterEscapes: an adjustment's reason is plan text, escaped
// in both letter formats.
func TestChangesLetterEscapes(t *testing.T) {
	dir := copyTree(t, h2Plan)
	editPlan(t, dir, "year.hcl", `"Globex moved to the strategic accounts team"`, fmt.Sprintf("%q", xssName))
	in, res := inputOf(t, dir)
	for _, format := range []string{"html", "markdown"} {
		var buf bytes.Buffer
		if err := web.WriteLetter(&buf, format, in, res.Rep("hmuller")); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "<script>alert") || strings.Contains(buf.String(), "<img") {
			t.Errorf("%s letter: the reason is markup", format)
		}
		if !strings.Contains(buf.String(), "alert(1)") {
			t.Errorf("%s letter: the reason is missing", format)
		}
	}
}
