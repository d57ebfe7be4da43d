package plans

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// date is a test helper returning a UTC date.
func date(t *testing.T, s string) time.Time {
	t.Helper()
	d, ok := ParseDate(s)
	if !ok {
		t.Fatalf("bad test date %q", s)
	}
	return d
}

// loadFull loads testdata/full and fails on any diagnostic.
func loadFull(t *testing.T) *Plan {
	t.Helper()
	p, diags := Load(filepath.Join("testdata", "full"), LoadOptions{})
	if len(diags) > 0 {
		var b strings.Builder
		_ = WriteDiagnostics(&b, diags, p.Sources, false)
		t.Fatalf("unexpected diagnostics:\n%s", b.String())
	}
	return p
}

func TestLoadFullPlan(t *testing.T) {
	p := loadFull(t)
	t.Run("plan", func(t *testing.T) {
		want := []any{"fy2027", "FY2027 sales plan", date(t, "2027-02-01"), 12, "EUR",
			[]time.Time{date(t, "2027-05-01"), date(t, "2027-12-25")}}
		got := []any{p.ID, p.Title, p.Start, p.Months, p.Currency, p.Holidays}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("plan = %v, want %v", got, want)
		}
	})
	t.Run("sources", func(t *testing.T) {
		for _, name := range []string{"plan.hcl", "org.hcl", "rules.hcl", "data/reps.csv", "data/more.csv", "data/territories.csv"} {
			if p.Sources[filepath.Join("testdata", "full", name)] == nil {
				t.Errorf("Sources has no %s", name)
			}
		}
	})
	t.Run("variables", func(t *testing.T) {
		got := map[string]any{}
		for _, v := range p.Variables {
			got[v.Name] = v.Default
		}
		want := map[string]any{"base_arr": 1e7, "growth": 0.25, "regions": []any{"EMEA", "NA"}}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("variables = %v, want %v", got, want)
		}
	})
	t.Run("scenario", func(t *testing.T) {
		s := p.Scenarios[0]
		if s.Name != "stretch" || !reflect.DeepEqual(s.Vars, map[string]any{"growth": 0.35}) || s.VarRanges["growth"].Start.Line != 24 {
			t.Errorf("scenario = %+v", s)
		}
	})
	t.Run("ids sorted", func(t *testing.T) {
		var reps, territories []string
		for _, r := range p.Reps {
			reps = append(reps, r.ID)
		}
		for _, tr := range p.Territories {
			territories = append(territories, tr.ID)
		}
		wantReps := []string{"alice", "bob@example.com", "carol", "dave", "maria"}
		wantTerritories := []string{"emea", "emea-ent", "na", "na-east"}
		if !reflect.DeepEqual(reps, wantReps) || !reflect.DeepEqual(territories, wantTerritories) {
			t.Errorf("reps %v territories %v", reps, territories)
		}
	})
	t.Run("labels sorted", func(t *testing.T) {
		var got []string
		for _, g := range p.Goals {
			got = append(got, g.Name)
		}
		for _, q := range p.Quotas {
			got = append(got, q.Label)
		}
		for _, l := range p.Lets {
			got = append(got, l.Name)
		}
		want := []string{"h1_meetings", "march", "new_arr", "new_arr", "sdr_meetings", "capacity", "capacity_share", "total"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("labels = %v, want %v", got, want)
		}
	})
}

func TestLoadReps(t *testing.T) {
	p := loadFull(t)
	reps := map[string]*Rep{}
	for _, r := range p.Reps {
		reps[r.ID] = r
	}
	t.Run("hcl rep", func(t *testing.T) {
		a := reps["alice"]
		start, end := date(t, "2027-03-15"), date(t, "2027-11-30")
		if a.Name != "Alice Chen" || a.Role != "AE" || a.Territory != "emea-ent" || a.Manager != "maria" ||
			!a.Start.Equal(start) || !a.End.Equal(end) {
			t.Errorf("alice = %+v", a)
		}
		wantAttrs := map[string]any{"name": "Alice Chen", "role": "AE", "territory": "emea-ent", "manager": "maria",
			"start": "2027-03-15", "end": "2027-11-30", "ote": 240000.0, "segment": "enterprise", "tags": []any{"new", "emea"}}
		if !reflect.DeepEqual(a.Attrs.Map(), wantAttrs) {
			t.Errorf("alice attrs = %v", a.Attrs.Map())
		}
		if r, _ := a.Attrs.Range("ote"); r.Start.Line != 27 || r.Start.Column != 15 {
			t.Errorf("ote range = %v", r)
		}
	})
	t.Run("leaves sorted", func(t *testing.T) {
		l := reps["alice"].Leaves
		if len(l) != 2 || !l[0].From.Equal(date(t, "2027-06-01")) || !l[1].To.Equal(date(t, "2027-08-31")) {
			t.Errorf("leaves = %+v", l)
		}
	})
	t.Run("csv rep", func(t *testing.T) {
		b := reps["bob@example.com"]
		want := map[string]any{"name": "Bob", "role": "SDR", "manager": "maria", "ote": 90000.0, "quota_ok": true}
		if !reflect.DeepEqual(b.Attrs.Map(), want) {
			t.Errorf("bob attrs = %v, want %v", b.Attrs.Map(), want)
		}
		if r, _ := b.Attrs.Range("ote"); r.Filename != filepath.Join("testdata", "full", "data", "reps.csv") || r.Start.Line != 2 || r.Start.Column != 31 {
			t.Errorf("bob ote range = %v", r)
		}
		if c := reps["carol"].Attrs.Map(); c["note"] != "hello, world" || c["quota_ok"] != false {
			t.Errorf("carol attrs = %v", c)
		}
	})
	t.Run("second csv file", func(t *testing.T) {
		if d := reps["dave"]; d.Start == nil || !d.Start.Equal(date(t, "2027-04-01")) || d.Attrs.Map()["start"] != "2027-04-01" {
			t.Errorf("dave = %+v", d)
		}
	})
	t.Run("csv territories with BOM", func(t *testing.T) {
		tr := p.Territories[3]
		if tr.ID != "na-east" || tr.Parent != "na" || tr.Name != "NA East" || tr.Attrs.Map()["accounts"] != 300.0 {
			t.Errorf("na-east = %+v", tr)
		}
	})
}

func TestLoadRulesAndDefaults(t *testing.T) {
	p := loadFull(t)
	q, sdr := p.Quotas[0], p.Quotas[1]
	t.Run("quota", func(t *testing.T) {
		if q.Measure != "new_arr" || q.Unit != "EUR" || !q.Prorate || q.Ramp != "standard" || q.Round != 1000 ||
			!reflect.DeepEqual(q.Season, []float64{0.2, 0.25, 0.25, 0.3}) || q.Monthly != nil ||
			q.Annual.Text != "territory.accounts * territory.win_rate * territory.avg_deal_size / 4" {
			t.Errorf("quota = %+v", q)
		}
		if sdr.Measure != "meetings" || sdr.Unit != "meetings" || sdr.Prorate || sdr.Monthly.Text != "rep.capacity_share *\n  20\n" {
			t.Errorf("sdr quota = %+v", sdr)
		}
	})
	t.Run("ramp tiers in order", func(t *testing.T) {
		tiers := p.Ramps[0].Tiers
		if len(tiers) != 2 || !tiers[0].Factor.Literal() || tiers[0].Factor.Text != "0.4" ||
			tiers[1].Factor.Literal() || tiers[1].Factor.Text != "var.growth * 2" || tiers[1].When.Text != "tenure_month == 2" {
			t.Errorf("tiers = %+v %+v", tiers[0], tiers[1])
		}
	})
	t.Run("defaults", func(t *testing.T) {
		goals := map[string]*Goal{}
		for _, g := range p.Goals {
			goals[g.Name] = g
		}
		lets := map[string]string{}
		for _, l := range p.Lets {
			lets[l.Name] = l.Scope
		}
		checks := map[string]*Check{}
		for _, c := range p.Checks {
			checks[c.Name] = c
		}
		got := []any{goals["new_arr"].Period, goals["h1_meetings"].Period, goals["march"].Measure, goals["march"].Target.Literal(),
			goals["new_arr"].Overassign, lets["total"], lets["capacity_share"], checks["has_reps"].Scope, checks["has_reps"].Severity,
			checks["has_reps"].Message == nil, checks["quota_to_ote"].Severity}
		want := []any{"FY", "Q2", "", true, 0.15, "plan", "rep", "plan", "error", true, "warning"}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("defaults = %v, want %v", got, want)
		}
	})
	t.Run("message", func(t *testing.T) {
		m := p.Checks[1].Message
		if len(m.Pieces) != 3 || m.Pieces[0].Text != "quota is " || m.Pieces[1].Expr.Text != "rep.full_quota.new_arr / rep.ote" ||
			m.Pieces[2].Text != "x OTE; healthy is 4-5x" {
			t.Errorf("message = %+v", m)
		}
	})
	t.Run("test block", func(t *testing.T) {
		tb := p.Tests[0]
		if tb.Name != "alice ramps" || tb.Scenario != "stretch" || !reflect.DeepEqual(tb.Vars, map[string]any{"growth": 0.3}) {
			t.Errorf("test = %+v", tb)
		}
	})
	t.Run("imports", func(t *testing.T) {
		got := fmt.Sprintf("%s %v %s %v", p.Imports[0].Kind, p.Imports[0].Paths, p.Imports[1].Kind, p.Imports[1].Paths)
		if got != "reps [data/reps.csv data/more.csv] territories [data/territories.csv]" {
			t.Errorf("imports = %s", got)
		}
	})
}

// writeDir writes files (name -> content) into a new temporary directory.
func writeDir(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// summarize renders diagnostics as "file:line:col: Summary" with file names
// relative to dir, in sorted order.
func summarize(dir string, diags hcl.Diagnostics) []string {
	sorted := append(hcl.Diagnostics(nil), diags...)
	SortDiagnostics(sorted)
	out := []string{}
	for _, d := range sorted {
		if d.Subject == nil {
			out = append(out, d.Summary)
			continue
		}
		name, _ := filepath.Rel(dir, d.Subject.Filename)
		out = append(out, fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(name), d.Subject.Start.Line, d.Subject.Start.Column, d.Summary))
	}
	return out
}

// basePlan is a valid plan file that error cases build on.
const basePlan = `plan "p" {
  start = "2027-01-01"
}
`
