package web_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine/front/render"
	"github.com/quotaplan/quotaplan/engine/front/web"
	"github.com/quotaplan/quotaplan/rules"
)

// compPlan is the engine's hand-computed comp plan; saasPlan the SaaS
// example, whose comps have no actuals yet.
var (
	compPlan = filepath.Join("..", "..", "testdata", "comp")
	saasPlan = filepath.Join("..", "..", "..", "examples", "saas-fy2027")
)

// payOf decodes the pay page's data of a view.
func payOf(t *testing.T, body string) *web.PayData {
	t.Helper()
	var v struct {
		Data struct {
			Pay *web.PayData `json:"pay"`
		} `json:"data"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatal(err)
	}
	return v.Data.Pay
}

// TestPayData checks the page's data against figures worked out by hand
// from engine/testdata/comp (as of 2027-05-15, so Q1 and January to April
// are paid).
func TestPayData(t *testing.T) {
	s := serveWith(t, compPlan, engineOpts(""))
	_, body := get(t, s.srv, http.MethodGet, "/api/view")
	v := viewOf(t, body)
	var pages []string
	for _, p := range v.Pages {
		pages = append(pages, p.ID)
	}
	if got := strings.Join(pages, ","); !strings.HasSuffix(got, ",attainment,pay") {
		t.Errorf("pages %s, want the pay page after attainment", got)
	}
	d := payOf(t, body)
	if d == nil || len(d.Comps) != 2 || d.AsOf != "2027-05-15" || d.Currency != "USD" {
		t.Fatalf("pay data %+v", d)
	}
	ae, sdr := d.Comps[0], d.Comps[1]
	// ae: target pay 48,000 x 0.5 = 24,000 for each of the five AEs;
	// quota 360,000 a year = 90,000 a quarter, so TP(Q1) = 24,000 x
	// 90,000 / 360,000 = 6,000 (dan starts in April: his Q1 quota and
	// target pay are 0, and his Q2 is 24,000 x 90,000 / 270,000 = 8,000).
	// ann: 135,000 / 90,000 = 150%, f = 0.5 x 0.5 + 1 x 0.5 + 1.5 x 0.5 =
	// 1.5, 9,000; ben: 300%, f = 3.75 capped at 2, 12,000; cat: 30%, f =
	// 0.15, 900; dan 0; eve -33% pays 0. Paid: 21,900.
	if ae.ID != "ae" || ae.Period != "quarter" || !ae.Paid || ae.Reps != 5 || ae.TargetPay != 120000 || ae.Payout == nil || *ae.Payout != 21900 {
		t.Errorf("ae %+v", ae)
	}
	if !strings.HasSuffix(ae.At, "plan.hcl:70") {
		t.Errorf("ae at %q", ae.At)
	}
	want := map[string][2]float64{"ann": {9000, 150}, "ben": {12000, 300}, "cat": {900, 30}, "dan": {0, 0}, "eve": {0, -33}}
	for _, r := range ae.Rows {
		w := want[r.ID]
		if r.TargetPay != 24000 || len(r.Payouts) != 1 || r.Payouts[0] != w[0] || r.Percent[0] != w[1] || r.Out != w[0] {
			t.Errorf("%s: %+v, want Q1 payout %v at %v%%", r.ID, r, w[0], w[1])
		}
	}
	if len(ae.Rows) != 5 || fmt.Sprint(ae.Periods[1].Months) != "[3 4 5]" {
		t.Errorf("ae rows %+v, periods %+v", ae.Rows, ae.Periods)
	}
	// Q1: 4 x 6,000 target pay, 21,900 paid; Q2: 4 x 6,000 + 8,000, open.
	if len(ae.Periods) != 4 || ae.Periods[0].TargetPay != 24000 || ae.Periods[0].Payout == nil || *ae.Periods[0].Payout != 21900 ||
		ae.Periods[1].TargetPay != 32000 || ae.Periods[1].Payout != nil {
		t.Errorf("ae periods %+v", ae.Periods)
	}
	// The cap of 2 binds where the third tier reaches it: f(1) = 0.75,
	// 1 + (2 - 0.75) / 1.5 = 1.833333.
	if ae.Cap == nil || *ae.Cap != 2 || ae.CapAt == nil || *ae.CapAt != 1.833333 {
		t.Errorf("ae cap %v at %v", ae.Cap, ae.CapAt)
	}
	// The curve: every 0.01 up to 183% + 20 points, plus the cap's point.
	factor := map[float64]float64{}
	for _, p := range ae.Curve {
		factor[p.A] = p.F
	}
	for a, f := range map[float64]float64{0: 0, 0.4: 0.2, 0.5: 0.25, 0.8: 0.55, 1: 0.75, 1.2: 1.05, 1.833333: 2, 2: 2} {
		if got, ok := factor[a]; !ok || math.Abs(got-f) > 1e-6 {
			t.Errorf("ae curve at %v: %v (%v), want %v", a, got, ok, f)
		}
	}
	if last := ae.Curve[len(ae.Curve)-1]; last.A != 2.03 {
		t.Errorf("ae curve ends at %v", last.A)
	}
	// Cost at 100%: 120,000 x 0.75 = 90,000 against 4 x 360,000 + 270,000
	// = 1,710,000 booked.
	c := ae.Cost[2]
	if len(ae.Cost) != 5 || c.Attainment != 1 || c.Factor != 0.75 || c.Payout != 90000 || c.Bookings != 1710000 || c.CostOfSale == nil || math.Abs(*c.CostOfSale-90000.0/1710000) > 1e-12 {
		t.Errorf("ae cost %+v", ae.Cost)
	}
	// sdr: 12,000 a year, 1,000 a month; January 100% pays 1,000,
	// February 150% pays (1 + 2 x 0.5) x 1,000 = 2,000, March 0, April 50%
	// pays 500: 3,500. No cap.
	if sdr.Period != "month" || sdr.Cap != nil || sdr.CapAt != nil || len(sdr.Rows) != 1 || sdr.Payout == nil || *sdr.Payout != 3500 {
		t.Errorf("sdr %+v", sdr)
	}
	if r := sdr.Rows[0]; fmt.Sprint(r.Payouts) != "[1000 2000 0 500]" || fmt.Sprint(r.Percent) != "[100 150 0 50]" {
		t.Errorf("sam %+v", r)
	}

	// The SaaS example has comps without actuals: nothing paid, every
	// period open.
	srv := web.New(web.Options{})
	srv.Update(evaluate(t, saasPlan))
	_, body = get(t, srv, http.MethodGet, "/api/view")
	sd := payOf(t, body)
	if sd == nil || len(sd.Comps) != 2 {
		t.Fatalf("saas pay data %+v", sd)
	}
	for _, pc := range sd.Comps {
		if pc.Paid || pc.Payout != nil || len(pc.Rows) == 0 || len(pc.Rows[0].Payouts) != 0 {
			t.Errorf("saas %s: %+v", pc.ID, pc)
		}
	}
	// saas ae_new_arr: f(1) = 0.5 x 0.5 + 1.5 x 0.5 = 1; the cap 2.5 is
	// reached at 1 + (2.5 - 1) / 2 = 1.75.
	if ae := sd.Comps[0]; ae.CapAt == nil || *ae.CapAt != 1.75 || ae.Cost[2].Factor != 1 {
		t.Errorf("saas ae_new_arr cap at %v, cost %+v", ae.CapAt, ae.Cost)
	}

	// A plan without comp blocks has no pay page.
	st, _ := starterServer(t)
	_, body = get(t, st, http.MethodGet, "/api/view")
	if payOf(t, body) != nil || strings.Contains(body, `"id":"pay"`) {
		t.Error("the starter plan has a pay page")
	}
}

// TestMoney compares web.Money with what `quotaplan comp` prints: each
// rep's target pay and payout cells of the table format.
func TestMoney(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 9000: "9,000", 1234567: "1,234,567", 1234.5: "1234.50", 0.125: "0.12", -12.345: "-12.35", 99.999: "100.00"} {
		if got := web.Money(v); got != want {
			t.Errorf("Money(%v) = %q, want %q", v, got, want)
		}
	}
	res := evaluate(t, compPlan).Result
	var buf bytes.Buffer
	if err := render.Comp(&buf, "table", res, nil, render.Options{}); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, rep := range res.Reps {
		for _, c := range rep.Comp {
			line := fmt.Sprintf("%s %s %s", rep.ID, rep.Role, web.Money(c.TargetPay))
			if p := c.Periods[0]; p.Paid {
				line += " " + web.Money(p.Payout) + " (" + percent0(p.Attainment) + ")"
			}
			if !strings.Contains(strings.Join(strings.Fields(text), " "), line) {
				t.Errorf("comp table lacks %q:\n%s", line, text)
			}
		}
	}
}

// percent0 is an attainment as `quotaplan comp` prints it next to a
// payout.
func percent0(v float64) string {
	return strconv.FormatFloat(math.Round(v*100), 'f', 0, 64) + "%"
}

// compJSON is `quotaplan comp --format json` of the plan in dir, decoded.
type compJSON struct {
	Comps []struct {
		ID        string   `json:"id"`
		Measure   string   `json:"measure"`
		TargetPay float64  `json:"target_pay"`
		Payout    *float64 `json:"payout"`
		Curve     []struct {
			Attainment float64  `json:"attainment"`
			Payout     float64  `json:"payout"`
			Bookings   float64  `json:"bookings"`
			CostOfSale *float64 `json:"cost_of_sale"`
		} `json:"curve"`
	} `json:"comps"`
	Reps []struct {
		ID   string `json:"id"`
		Comp map[string]struct {
			TargetPay float64  `json:"target_pay"`
			Payout    *float64 `json:"payout"`
			Periods   map[string]struct {
				Attainment *float64 `json:"attainment"`
				Payout     *float64 `json:"payout"`
			} `json:"periods"`
		} `json:"comp"`
	} `json:"reps"`
}

func compJSONOf(t *testing.T, dir string) compJSON {
	t.Helper()
	var buf bytes.Buffer
	if err := render.Comp(&buf, "json", evaluate(t, dir).Result, nil, render.Options{}); err != nil {
		t.Fatal(err)
	}
	var out compJSON
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// evalCompJSON is the top-level "comp" of `eval --format json`.
func evalCompJSON(t *testing.T, dir string) map[string][2]*float64 {
	t.Helper()
	var buf bytes.Buffer
	if err := render.JSON(&buf, evaluate(t, dir).Result); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Comp []struct {
			ID        string   `json:"id"`
			TargetPay float64  `json:"target_pay"`
			Payout    *float64 `json:"payout"`
		} `json:"comp"`
	}
	if err := json.Unmarshal(buf.Bytes(), &out); err != nil {
		t.Fatal(err)
	}
	m := map[string][2]*float64{}
	for _, c := range out.Comp {
		tp := c.TargetPay
		m[c.ID] = [2]*float64{&tp, c.Payout}
	}
	return m
}

// checkPay opens the pay page and compares every figure of its tables
// with `comp --format json` and `eval --format json`, as the terminal
// formats them; then a rep's card.
func (b *browser) checkPay(t *testing.T, base, dir, name string) {
	t.Helper()
	want := compJSONOf(t, dir)
	totals := evalCompJSON(t, dir)
	units := map[string]string{}
	for _, m := range evaluate(t, dir).Result.Measures {
		units[m.Name] = m.Unit
	}
	b.open(t, base+"#/pay", "pay")
	b.checkPage(t, name+"-pay")
	money := func(v *float64) string {
		if v == nil {
			return "-"
		}
		return web.Money(*v)
	}
	for _, c := range want.Comps {
		cost := eval[[][]string](t, b, fmt.Sprintf(`Array.from(document.querySelectorAll("#pay-cost-%s tbody tr")).map(tr => ["attainment", "payout", "bookings", "cos"].map(k => tr.querySelector("td[data-col=" + k + "]").textContent))`, c.ID))
		if len(cost) != len(c.Curve) {
			t.Fatalf("%s %s: %d cost rows, comp --format json has %d", name, c.ID, len(cost), len(c.Curve))
		}
		currency := rules.IsCurrencyCode(units[c.Measure])
		for i, pt := range c.Curve {
			// as the terminal's cost table: attainment as its shortest
			// percent, cost of sale with one decimal or per unit booked
			cos := "-"
			switch {
			case pt.CostOfSale != nil && currency:
				cos = strconv.FormatFloat(*pt.CostOfSale*100, 'f', 1, 64) + "%"
			case pt.CostOfSale != nil:
				cos = web.Money(math.Round(*pt.CostOfSale*100)/100) + " per unit"
			}
			w := []string{strconv.FormatFloat(pt.Attainment*100, 'f', -1, 64) + "%", web.Money(pt.Payout), rules.Human(pt.Bookings, currency), cos}
			if strings.Join(cost[i], "|") != strings.Join(w, "|") {
				t.Errorf("%s %s cost row %v, comp --format json says %v", name, c.ID, cost[i], w)
			}
		}
		tot := eval[[]string](t, b, fmt.Sprintf(`Array.from(document.querySelectorAll("[data-comp=%s] .pay-total-tp, [data-comp=%s] .pay-total-out")).map(e => e.textContent)`, c.ID, c.ID))
		if e := totals[c.ID]; len(tot) != 2 || tot[0] != money(e[0]) || tot[1] != money(e[1]) {
			t.Errorf("%s %s: totals %v, eval --format json says %s and %s", name, c.ID, tot, money(e[0]), money(e[1]))
		}
		// The rep table, every page of it.
		rows := map[string]map[string]string{}
		for page := 1; ; page++ {
			b.open(t, fmt.Sprintf("%s#/pay?page_%s=%d", base, c.ID, page), "pay")
			got := eval[map[string]map[string]string](t, b, fmt.Sprintf(`Object.fromEntries(Array.from(document.querySelectorAll("#pay-table-%s tbody tr")).map(tr =>
			  [tr.querySelector("td[data-col=id]").textContent, Object.fromEntries(Array.from(tr.querySelectorAll("td")).map(td => [td.dataset.col, td.textContent]))]))`, c.ID))
			for k, v := range got {
				rows[k] = v
			}
			if eval[string](t, b, fmt.Sprintf(`document.getElementById("pay-page-%s").textContent`, c.ID)) == fmt.Sprintf("page %d of %d", page, page) {
				break
			}
		}
		n := 0
		for _, r := range want.Reps {
			rc, ok := r.Comp[c.ID]
			if !ok {
				continue
			}
			n++
			got := rows[r.ID]
			if got == nil {
				t.Errorf("%s %s: rep %s is not in the table", name, c.ID, r.ID)
				continue
			}
			if got["tp"] != web.Money(rc.TargetPay) || got["out"] != money(rc.Payout) {
				t.Errorf("%s %s %s: target pay %q, payout %q; comp --format json says %v, %v", name, c.ID, r.ID, got["tp"], got["out"], rc.TargetPay, money(rc.Payout))
			}
			for pid, p := range rc.Periods {
				w := "open"
				switch {
				case rc.Payout == nil:
					w = "-"
				case p.Payout != nil:
					w = web.Money(*p.Payout) + " (" + percent0(*p.Attainment) + ")"
				}
				if got["p:"+pid] != w {
					t.Errorf("%s %s %s %s: %q, comp --format json says %q", name, c.ID, r.ID, pid, got["p:"+pid], w)
				}
			}
		}
		if n == 0 || len(rows) != n {
			t.Errorf("%s %s: %d rows on the page, %d reps in comp --format json", name, c.ID, len(rows), n)
		}
	}
}

func TestBrowserPay(t *testing.T) {
	chromiumPath(t)
	dir := copyTree(t, compPlan)
	// A hostile name and role on ann: they stay text on the pay page.
	editPlan(t, dir, "plan.hcl", "rep \"ann\" {\n  role = \"AE\"", fmt.Sprintf("rep \"ann\" {\n  name = %q\n  role = \"AE\"", xssName))
	s := serveWith(t, dir, engineOpts(""))
	b := newBrowser(t)
	for name, base := range map[string]string{"serve": s.ts.URL + "/", "report": writeReportFile(t, dir)} {
		b.checkPay(t, base, dir, name)
		b.open(t, base+"#/pay", "pay")
		if got := eval[string](t, b, `document.querySelector("[data-cap=ae]").textContent`); got != "Capped at 2x a period's target pay, reached at 183.33% attainment." {
			t.Errorf("%s: the cap reads %q", name, got)
		}
		if got := eval[string](t, b, `document.querySelector("[data-cap=sdr]").textContent`); got != "No cap: the curve keeps rising." {
			t.Errorf("%s: sdr's cap reads %q", name, got)
		}
		if !eval[bool](t, b, fmt.Sprintf(`document.getElementById("pay-table-ae").textContent.includes(%q)`, xssName)) {
			t.Errorf("%s: the hostile name is not shown as text", name)
		}
		if eval[bool](t, b, `!!window.__xss || document.querySelectorAll("main img, main script").length > 0`) {
			t.Errorf("%s: a rep name ran as markup", name)
		}
		// Sorted by payout to date, highest first; dan and eve tie at 0.
		b.open(t, base+"#/pay?sort_ae=out&desc_ae=1", "pay")
		if got := eval[[]string](t, b, `Array.from(document.querySelectorAll("#pay-table-ae td[data-col=id]")).map(td => td.textContent)`); strings.Join(got, ",") != "ben,ann,cat,dan,eve" {
			t.Errorf("%s: sorted by payout: %v", name, got)
		}
		b.open(t, base+"#/rep/ann", "rep")
		got := eval[[]string](t, b, `[".pay-tp", ".pay-out"].map(s => document.querySelector("[data-pay=ae] " + s).textContent).concat(Array.from(document.querySelectorAll("#rep-pay-ae td[data-col=payout]")).map(td => td.textContent))`)
		if strings.Join(got, "|") != "24,000|9,000|9,000 (150%)|open|open|open" {
			t.Errorf("%s: ann's pay card reads %v", name, got)
		}
		b.checkPage(t, name+"-rep-pay")
		// dan starts in April: no Q1 target pay, then 24,000 x 90,000 /
		// 270,000 = 8,000 a quarter.
		b.open(t, base+"#/rep/dan", "rep")
		if got := eval[[]string](t, b, `Array.from(document.querySelectorAll("#rep-pay-ae td[data-col=tp]")).map(td => td.textContent)`); strings.Join(got, "|") != "0|8,000|8,000|8,000" {
			t.Errorf("%s: dan's target pay by quarter %v", name, got)
		}
		b.open(t, base+"#/rep/sam", "rep")
		if got := eval[string](t, b, `document.querySelector("[data-pay=sdr] .pay-out").textContent`); got != "3,500" {
			t.Errorf("%s: sam's payout reads %q", name, got)
		}
	}
}

// TestBrowserPaySaaS opens the SaaS example's pay page served: comps
// without actuals, so every period is open and nothing is paid.
func TestBrowserPaySaaS(t *testing.T) {
	chromiumPath(t)
	s := serveWith(t, saasPlan, engineOpts(""))
	b := newBrowser(t)
	b.checkPay(t, s.ts.URL+"/", saasPlan, "saas")
}

// TestPayLetter checks the letter's comp section against figures worked
// out by hand from engine/testdata/comp, and its escaping in both formats.
func TestPayLetter(t *testing.T) {
	dir := copyTree(t, compPlan)
	editPlan(t, dir, "plan.hcl", "rep \"ann\" {\n  role = \"AE\"", fmt.Sprintf("rep \"ann\" {\n  name = %q\n  role = \"AE\"", xssName))
	in, res := inputOf(t, dir)
	section := func(id string) *web.LetterSection {
		for _, s := range web.BuildLetter(in, res.Rep(id)).Sections {
			if s.Title == "Your compensation plan" {
				return &s
			}
		}
		return nil
	}
	// ann: 48,000 x 0.5 = 24,000 a year on a 360,000 new_arr quota, 6,000
	// a quarter. f(0.5) = 0.5 x 0.5 = 0.25, f(0.8) = 0.25 + 0.3 = 0.55,
	// f(1) = 0.25 + 0.5 = 0.75, f(1.2) = 0.75 + 1.5 x 0.2 = 1.05, f(1.5) =
	// 0.75 + 0.75 = 1.5: 6,000, 13,200, 18,000, 25,200 and 36,000 a year.
	// Q1 paid 9,000 at 150%; the cap 2 binds at 1 + 1.25 / 1.5 = 183.33%.
	s := section("ann")
	if s == nil {
		t.Fatal("ann's letter has no comp section")
	}
	text := strings.Join(s.Paragraphs, "\n")
	for _, want := range []string{
		"Comp ae: your target pay is $24,000 a year, the incentive at 100% attainment of your new_arr quota ($360,000). It is paid each quarter",
		"Q1 $6,000, Q2 $6,000, Q3 $6,000, Q4 $6,000",
		"Each point of attainment pays 0.5 points of the period's target pay from 0%, 1 from 50% and 1.5 from 100%, up to 2 times the period's target pay (reached at 183.33% attainment).",
		"Paid to date as of 2027-05-15: $9,000 (Q1 $9,000 at 150%).",
		"If you attain the same share of your quota in every period, the year pays:",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("ann's comp section lacks %q:\n%s", want, text)
		}
	}
	var rows []string
	for _, r := range s.Table {
		rows = append(rows, strings.Join(r, " | "))
	}
	if got := strings.Join(rows, "\n"); got != "Attainment | Payout factor | Payout a year\n50% | 0.25 | $6,000\n80% | 0.55 | $13,200\n100% | 0.75 | $18,000\n120% | 1.05 | $25,200\n150% | 1.50 | $36,000" {
		t.Errorf("ann's payout table:\n%s", got)
	}
	// sam: 40,000 x 0.3 = 12,000 a year paid each month; f(1.2) = 1 + 2 x
	// 0.2 = 1.4 pays 16,800; no cap. Paid: 1,000 + 2,000 + 0 + 500.
	s = section("sam")
	if s == nil || !strings.Contains(strings.Join(s.Paragraphs, "\n"), "Paid to date as of 2027-05-15: $3,500 (2027-01 $1,000 at 100%, 2027-02 $2,000 at 150%, 2027-03 $0 at 0%, 2027-04 $500 at 50%).") ||
		strings.Contains(strings.Join(s.Paragraphs, "\n"), "up to") || strings.Join(s.Table[4], " | ") != "120% | 1.40 | $16,800" {
		t.Errorf("sam's comp section %+v", s)
	}
	// The SaaS example pays nothing yet.
	sin, sres := inputOf(t, saasPlan)
	var any bool
	for _, rep := range sres.Reps {
		for _, sec := range web.BuildLetter(sin, rep).Sections {
			if sec.Title == "Your compensation plan" {
				any = true
				if !strings.Contains(strings.Join(sec.Paragraphs, "\n"), "Nothing is paid yet: the plan has no") {
					t.Errorf("saas %s: %v", rep.ID, sec.Paragraphs)
				}
			}
		}
	}
	if !any {
		t.Error("no SaaS letter has a comp section")
	}
	// Both formats carry the section, with the hostile name as text.
	for _, format := range web.LetterFormats() {
		var buf bytes.Buffer
		if err := web.WriteLetter(&buf, format, in, res.Rep("ann")); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if strings.Contains(out, "<script>alert") || strings.Contains(out, "<img") || !strings.Contains(out, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the rep's name is not escaped in the letter", format)
		}
		for _, want := range []string{"Your compensation plan", "13,200", "183.33% attainment"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s letter lacks %q", format, want)
			}
		}
	}
}

// largeCompPlan writes a 10,000-rep generated plan with ten deals a rep
// (so new_arr has actuals) and two comps: new_arr by quarter and meetings
// by month.
func largeCompPlan(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 10000, Seed: 1, Deals: 10}); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "comp.hcl"), `comp "ae" {
  measure    = "new_arr"
  target_pay = "rep.ote == nil ? 0 : rep.ote * 0.5"
  tier {
    from = 0
    rate = 0.5
  }
  tier {
    from = 1
    rate = 1.5
  }
  cap = 2
}

comp "sdr" {
  measure    = "meetings"
  target_pay = "rep.ote == nil ? 0 : rep.ote * 0.3"
  period     = "month"
  tier {
    from = 0
    rate = 1
  }
}
`)
	return dir
}

// TestReportLargePay writes the report of the large comp plan: the pay
// page's data for every rep keeps it under 10 MB.
func TestReportLargePay(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10,000-rep plan: skipped with -short")
	}
	in, res := inputOf(t, largeCompPlan(t))
	start := time.Now()
	var buf bytes.Buffer
	if err := web.WriteReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	t.Logf("report of 10,000 reps with two comps: %.1f MB in %s", float64(buf.Len())/1e6, time.Since(start).Round(time.Millisecond))
	if buf.Len() > 10e6 {
		t.Errorf("the report is %d bytes, more than 10 MB", buf.Len())
	}
	if res.Comps == nil || res.Comps.Comps[0].Reps < 5000 || !bytes.Contains(buf.Bytes(), []byte(`"pay":{"as_of"`)) {
		t.Errorf("the report lacks the pay page's data")
	}
}

// TestBrowserPayLarge opens the pay page of the large comp plan as a
// report: drawn within the large plans' bar, fifty reps a page.
func TestBrowserPayLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10,000-rep plan: skipped with -short")
	}
	chromiumPath(t)
	dir := largeCompPlan(t)
	url := writeReportFile(t, dir)
	b := newBrowser(t)
	start := time.Now()
	b.open(t, url+"#/pay", "pay")
	took := time.Since(start)
	t.Logf("pay page of 10,000 reps: drawn in %s", took.Round(time.Millisecond))
	if took > 3*time.Second {
		t.Errorf("the pay page took %s", took)
	}
	b.checkPage(t, "large-report-pay")
	pages := eval[string](t, b, `document.getElementById("pay-page-ae").textContent`)
	if !strings.HasPrefix(pages, "page 1 of ") || eval[int](t, b, `document.querySelectorAll("#pay-table-ae tbody tr").length`) != 50 {
		t.Errorf("pager %q", pages)
	}
	start = time.Now()
	b.open(t, url+"#/pay?sort_ae=out&desc_ae=1", "pay")
	t.Logf("sorted by payout: drawn in %s", time.Since(start).Round(time.Millisecond))
	b.open(t, url+"#/rep/r000042", "rep")
	b.checkPageNoCharts(t, "large-report-rep-pay")
}
