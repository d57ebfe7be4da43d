package web_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/engine/front/session"
	"github.com/quotaplan/quotaplan/engine/front/web"
)

// starterServer is a server that has seen one evaluation of the starter
// plan.
func starterServer(t *testing.T) (*web.Server, *session.Snapshot) {
	t.Helper()
	sn := evaluate(t, starter)
	srv := web.New(web.Options{})
	srv.Update(sn)
	return srv, sn
}

func TestSecurityHeaders(t *testing.T) {
	srv, _ := starterServer(t)
	for _, path := range []string{"/", "/api/view", "/api/rep?id=carol", "/assets/app.js", "/nothing"} {
		res, _ := get(t, srv, http.MethodGet, path)
		if got := res.Header.Get("Content-Security-Policy"); got != web.ServeCSP {
			t.Errorf("%s: CSP %q", path, got)
		}
		if !strings.Contains(web.ServeCSP, "script-src 'self'") || strings.Contains(web.ServeCSP, "unsafe-inline") {
			t.Errorf("the CSP allows inline scripts: %s", web.ServeCSP)
		}
		if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", path, res.Header)
		}
	}
}

func TestOnlyGetAndHead(t *testing.T) {
	srv, _ := starterServer(t)
	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, "PROPFIND"} {
		for _, path := range []string{"/", "/api/view", "/api/rep?id=carol", "/api/explain", "/api/events", "/assets/app.css"} {
			res, _ := get(t, srv, method, path)
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" {
				t.Errorf("%s %s: %d, Allow %q", method, path, res.StatusCode, res.Header.Get("Allow"))
			}
		}
	}
	res, body := get(t, srv, http.MethodHead, "/")
	if res.StatusCode != http.StatusOK || body != "" {
		t.Errorf("HEAD /: %d with %d bytes", res.StatusCode, len(body))
	}
}

func TestNoPathReachesFiles(t *testing.T) {
	srv, _ := starterServer(t)
	for _, path := range []string{"/assets/../go.mod", "/assets/vendor/chart.umd.min.js", "/plan.hcl", "/examples/starter/plan.hcl",
		"/assets/%2e%2e/assets.go", "/assets/app.js/", "/assets/pages/rep.js", "/assets/shell.tmpl", "//etc/passwd", "/index.html"} {
		res, _ := get(t, srv, http.MethodGet, path)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
	for path, ctype := range map[string]string{"/assets/app.js": "text/javascript", "/assets/app.css": "text/css",
		"/assets/chart.umd.min.js": "text/javascript", "/assets/chart.js.LICENSE": "text/plain"} {
		res, body := get(t, srv, http.MethodGet, path)
		if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), ctype) || body == "" {
			t.Errorf("%s: %d %q, %d bytes", path, res.StatusCode, res.Header.Get("Content-Type"), len(body))
		}
	}
	res, body := get(t, srv, http.MethodGet, "/assets/chart.js.LICENSE")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "MIT License") {
		t.Errorf("licence of the chart library: %d %q", res.StatusCode, body)
	}
}

func TestShell(t *testing.T) {
	srv, _ := starterServer(t)
	res, body := get(t, srv, http.MethodGet, "/")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	for _, want := range []string{"<title>Starter plan FY2027 · quotaplan</title>", `<script src="/assets/app.js"></script>`, `<script src="/assets/chart.umd.min.js"></script>`} {
		if !strings.Contains(body, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(body, "<script>") || strings.Contains(body, "<style>") || strings.Contains(body, "style=") {
		t.Error("the served page has inline script or style, which its CSP forbids")
	}
}

func TestView(t *testing.T) {
	srv, sn := starterServer(t)
	res, body := get(t, srv, http.MethodGet, "/api/view")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/json") {
		t.Fatalf("GET /api/view: %d", res.StatusCode)
	}
	v := viewOf(t, body)
	if !v.Status.OK || v.Status.Stale || v.Status.Seq != sn.Seq {
		t.Errorf("status %+v", v.Status)
	}
	var pages []string
	for _, p := range v.Pages {
		pages = append(pages, p.ID)
	}
	if got := strings.Join(pages, ","); got != "overview,reps,teams,territories,checks" {
		t.Errorf("pages %s", got)
	}
	// The README works these out by hand: carol carries 417,000, the AEs
	// 1,568,000 in all, and the goal of 1,400,000 expects 1,540,000.
	var carol *web.RepRow
	for i := range v.Reps {
		if v.Reps[i].ID == "carol" {
			carol = &v.Reps[i]
		}
	}
	if carol == nil || carol.Totals["new_arr"] != 417000 || carol.Checks != 1 {
		t.Errorf("carol: %+v", carol)
	}
	var total float64
	for _, x := range v.Total["new_arr"] {
		total += x
	}
	if total != 1568000 {
		t.Errorf("plan total new_arr %v, want 1568000", total)
	}
	if len(v.Goals) != 1 || v.Goals[0].Target != 1400000 || !near(v.Goals[0].Expected, 1540000) || v.Goals[0].Status != "on track" {
		t.Errorf("goals %+v", v.Goals)
	}
	if len(v.Stacks) != 4 || v.Stacks[2].Measure != "new_arr" || v.Stacks[2].By != "territory" || len(v.Stacks[2].Series) != 2 ||
		v.Stacks[3].By != "role" || len(v.Stacks[3].Series) != 1 || v.Stacks[3].Series[0].Label != "AE" {
		t.Errorf("stacks %+v", v.Stacks)
	}
	var failing []string
	for _, c := range v.Checks {
		if c.Status == "fail" {
			failing = append(failing, c.Check+"/"+c.Subject+"@"+c.At)
		}
	}
	if len(failing) != 1 || !strings.HasPrefix(failing[0], "quota_to_ote/carol@") || !strings.Contains(failing[0], "plan.hcl:") {
		t.Errorf("failing checks %v", failing)
	}
}

func TestRepAndExplain(t *testing.T) {
	srv, _ := starterServer(t)
	res, body := get(t, srv, http.MethodGet, "/api/rep?id=carol")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/rep: %d %s", res.StatusCode, body)
	}
	var d web.RepDetail
	if err := json.Unmarshal([]byte(body), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Quotas) != 1 || len(d.Quotas[0].Factors) != 12 {
		t.Fatalf("carol's quotas: %+v", d.Quotas)
	}
	// May 2027 (period 4): 600,000 x 0.23 / 3 = 46,000, ramp tier 1 = 0.4,
	// 17 of 31 days: 10,090.32, rounded to 10,000 (README).
	f := d.Quotas[0].Factors[3]
	if !near(f.Full, 46000) || f.Ramp != 0.4 || f.Tier != 1 || f.ActiveDays != 17 || f.Days != 31 || f.Value != 10000 || strings.Join(f.Cut, ",") != "start" {
		t.Errorf("carol 2027-05: %+v", f)
	}
	if len(d.Checks) != 2 {
		t.Errorf("carol's checks: %+v", d.Checks)
	}
	_, body = get(t, srv, http.MethodGet, "/api/rep?id=maria")
	if !strings.Contains(body, `"quotas":[]`) || !strings.Contains(body, `"reports":["alice","bob","carol","sam"]`) {
		t.Errorf("maria, a manager without a quota: %s", body)
	}
	res, body = get(t, srv, http.MethodGet, "/api/explain?rep=carol&measure=new_arr&period=2027-05")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("explain: %d %s", res.StatusCode, body)
	}
	var n web.NodeView
	if err := json.Unmarshal([]byte(body), &n); err != nil {
		t.Fatal(err)
	}
	if n.Value != "10,000 USD" || len(n.Children) == 0 || !strings.Contains(n.At, "plan.hcl:") {
		t.Errorf("explanation %+v", n)
	}
	for _, tc := range []struct{ path, want string }{
		{"/api/rep?id=carl", `no rep \"carl\"`},
		{"/api/rep", `no rep \"\"`},
		{"/api/explain?rep=carl&measure=new_arr", `Did you mean \"carol\"?`},
		{"/api/explain?rep=carol&measure=new_ar", `Did you mean \"new_arr\"?`},
		{"/api/explain?rep=carol&measure=new_arr&period=2027-13", `no period`},
		{"/api/explain?rep=carol", "explain needs rep and measure"},
	} {
		res, body := get(t, srv, http.MethodGet, tc.path)
		if res.StatusCode < 400 || !strings.Contains(body, tc.want) {
			t.Errorf("%s: %d %s, want an error saying %s", tc.path, res.StatusCode, body, tc.want)
		}
	}
}

func TestBeforeAndAfterInvalidSaves(t *testing.T) {
	srv := web.New(web.Options{})
	_, body := get(t, srv, http.MethodGet, "/api/view")
	if v := viewOf(t, body); !v.Status.Empty || v.Status.OK {
		t.Errorf("before the first evaluation: %+v", v.Status)
	}
	if res, _ := get(t, srv, http.MethodGet, "/api/rep?id=carol"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("rep before the first evaluation: %d", res.StatusCode)
	}
	first := &session.Snapshot{Seq: 1, Diagnostics: hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "No plan block"}}}
	srv.Update(first)
	_, body = get(t, srv, http.MethodGet, "/api/view")
	if v := viewOf(t, body); !v.Status.Empty || v.Status.Stale || len(v.Status.Diagnostics) != 1 || len(v.Reps) != 0 {
		t.Errorf("after an invalid first evaluation: %+v", v.Status)
	}
	good := evaluate(t, starter)
	srv.Update(good)
	bad := &session.Snapshot{Seq: good.Seq + 1, Diagnostics: hcl.Diagnostics{{
		Severity: hcl.DiagError, Summary: "Invalid expression", Detail: "Expected the start of an expression.",
		Subject: &hcl.Range{Filename: "plan.hcl", Start: hcl.Pos{Line: 24, Column: 17}},
	}}}
	srv.Update(bad)
	_, body = get(t, srv, http.MethodGet, "/api/view")
	v := viewOf(t, body)
	if v.Status.OK || !v.Status.Stale || v.Status.Seq != bad.Seq || len(v.Status.Diagnostics) != 1 {
		t.Fatalf("after an invalid save: %+v", v.Status)
	}
	if d := v.Status.Diagnostics[0]; d.File != "plan.hcl" || d.Line != 24 || d.Column != 17 || d.Summary != "Invalid expression" {
		t.Errorf("diagnostic %+v", d)
	}
	if len(v.Reps) != 5 {
		t.Errorf("the last good figures did not stay: %d reps", len(v.Reps))
	}
	if res, _ := get(t, srv, http.MethodGet, "/api/explain?rep=carol&measure=new_arr&period=2027-05"); res.StatusCode != http.StatusOK {
		t.Errorf("explain after an invalid save: %d", res.StatusCode)
	}
}

func TestEventsStream(t *testing.T) {
	srv, sn := starterServer(t)
	ts := newTestServer(t, srv)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, ts+"/api/events", nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}
	lines := bufio.NewScanner(res.Body)
	next := func() string {
		for lines.Scan() {
			if l := lines.Text(); strings.HasPrefix(l, "data: ") {
				return l
			}
		}
		t.Fatalf("stream ended: %v", lines.Err())
		return ""
	}
	if got := next(); got != `data: {"seq":1}` {
		t.Errorf("first event %q", got)
	}
	again := &session.Snapshot{Seq: 2, Dir: sn.Dir, Model: sn.Model, Result: sn.Result, Sources: sn.Sources}
	srv.Update(again)
	if got := next(); got != `data: {"seq":2}` {
		t.Errorf("event after an evaluation %q", got)
	}
	srv.Close() // ends the stream, as shutdown does
	for lines.Scan() {
	}
}

func TestEscaping(t *testing.T) {
	dir := xssPlan(t)
	srv := web.New(web.Options{})
	srv.Update(evaluate(t, dir))
	_, body := get(t, srv, http.MethodGet, "/api/view")
	if strings.Contains(body, "<script>") || !strings.Contains(body, `\u003cscript\u003ealert(1)\u003c/script\u003e`) {
		t.Error("the view JSON carries the rep's name unescaped")
	}
	v := viewOf(t, body)
	found := false
	for _, r := range v.Reps {
		found = found || r.Name == xssName
	}
	if !found {
		t.Error("the name did not survive as text")
	}
	editPlan(t, dir, "plan.hcl", `title    = "Starter plan FY2027"`, `title    = "<b>FY</b>"`)
	srv.Update(evaluate(t, dir))
	_, body = get(t, srv, http.MethodGet, "/")
	if strings.Contains(body, "<b>FY</b>") || !strings.Contains(body, "&lt;b&gt;FY&lt;/b&gt;") {
		t.Error("the plan title is not escaped in the page")
	}
}

func TestDiffPage(t *testing.T) {
	base := evaluate(t, starter)
	dir := copyPlan(t, starter)
	editPlan(t, dir, "plan.hcl", "default     = 600000", "default     = 650000")
	srv := web.New(web.Options{Base: diff.FromPlan("base", base.Model.Plan, base.Result), HasBase: true})
	srv.Update(evaluate(t, dir))
	_, body := get(t, srv, http.MethodGet, "/api/view")
	v := viewOf(t, body)
	if v.Pages[len(v.Pages)-1].ID != "diff" {
		t.Fatalf("pages %+v", v.Pages)
	}
	b, _ := json.Marshal(v.Data["diff"])
	var d struct {
		Counts struct {
			Quotas int `json:"quotas_changed"`
		} `json:"counts"`
		Vars []struct {
			Name string  `json:"name"`
			New  float64 `json:"new"`
		} `json:"vars"`
	}
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatal(err)
	}
	// Every rep with a quota moves with ae_quota: alice, bob, carol and
	// sam (whose meetings follow the AEs' quotas).
	if d.Counts.Quotas != 4 || len(d.Vars) != 1 || d.Vars[0].Name != "ae_quota" || d.Vars[0].New != 650000 {
		t.Errorf("diff %s", b)
	}
}

// near reports whether a figure is b up to floating-point noise.
func near(a, b float64) bool { return a-b < 1e-6 && b-a < 1e-6 }

func TestLoopbackOnly(t *testing.T) {
	srv := web.New(web.Options{LoopbackOnly: true})
	srv.Update(evaluate(t, starter))
	for host, want := range map[string]int{
		"127.0.0.1:8080": http.StatusOK, "localhost:8080": http.StatusOK, "LOCALHOST": http.StatusOK,
		"[::1]:8080": http.StatusOK, "127.1.2.3:80": http.StatusOK,
		"evil.example:8080": http.StatusMisdirectedRequest, "10.0.0.1:8080": http.StatusMisdirectedRequest,
		"localhost.evil.example": http.StatusMisdirectedRequest,
	} {
		req := httptest.NewRequest(http.MethodGet, "/api/view", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != want {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, want)
		}
	}
}

func TestSource(t *testing.T) {
	srv, sn := starterServer(t)
	var check string
	for _, c := range sn.Result.Checks {
		if c.Check == "quota_to_ote" {
			check = c.Range.Filename
		}
	}
	res, body := get(t, srv, http.MethodGet, "/api/source?file="+check+"&line=161")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("source: %d %s", res.StatusCode, body)
	}
	var ex web.SourceExcerpt
	if err := json.Unmarshal([]byte(body), &ex); err != nil {
		t.Fatal(err)
	}
	if ex.Line != 161 || ex.First != 149 || len(ex.Lines) != 25 || !strings.HasPrefix(ex.Lines[161-ex.First], `check "quota_to_ote"`) {
		t.Errorf("excerpt %+v", ex)
	}
	for _, path := range []string{"/api/source?file=go.mod&line=1", "/api/source?file=../../../go.mod&line=1", "/api/source?file=/etc/passwd&line=1",
		"/api/source?file=" + check + "&line=0", "/api/source?file=" + check + "&line=99999", "/api/source?file=" + check + "&line=x"} {
		if res, _ := get(t, srv, http.MethodGet, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
}

// TestTeamsInTreeOrder: a manager comes before the teams below it.
func TestTeamsInTreeOrder(t *testing.T) {
	srv := web.New(web.Options{})
	srv.Update(evaluate(t, filepath.Join("..", "..", "..", "examples", "saas-fy2027")))
	_, body := get(t, srv, http.MethodGet, "/api/view")
	v := viewOf(t, body)
	seen := map[string]bool{}
	for _, tm := range v.Teams {
		if tm.Parent != "" && !seen[tm.Parent] {
			t.Errorf("team %s comes before its manager's team %s", tm.ID, tm.Parent)
		}
		seen[tm.ID] = true
	}
	if len(v.Teams) != 6 || v.Teams[0].ID != "jreyes" || v.Teams[0].Reps != 40 {
		t.Errorf("teams %+v", v.Teams)
	}
}
