package plans

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2"
)

// fuzzCSV is the data file next to the fuzzed plan.hcl.
const fuzzCSV = "id,name,role,territory,manager,start,ote\nalice,Alice,AE,emea,,2027-03-15,240000\nbob,Bob,SDR,emea,alice,,\n"

// fuzzPlan is the plan that imports the fuzzed CSV.
const fuzzPlan = basePlan + "territory \"emea\" {}\nimport \"reps\" {\n  csv = \"data.csv\"\n}\n"

// addPlanSeeds adds the plan files of testdata and of the error cases.
func addPlanSeeds(f *testing.F) {
	matches, _ := filepath.Glob(filepath.Join("testdata", "full", "*.hcl"))
	for _, m := range matches {
		if src, err := os.ReadFile(m); err == nil {
			f.Add(src)
		}
	}
	for _, tc := range loadCases(f) {
		if src, ok := tc.files["plan.hcl"]; ok {
			f.Add([]byte(src))
		}
	}
	f.Add([]byte(fuzzPlan))
}

// checkLoadInvariants asserts what must hold for any input: a plan with
// sources, renderable diagnostics, attributes that locate, and rules whose
// every offset locates.
func checkLoadInvariants(t *testing.T, p *Plan, diags hcl.Diagnostics) {
	if p == nil || p.Sources == nil {
		t.Fatal("Load returned no plan or no sources")
	}
	for _, d := range diags {
		if d.Summary == "" {
			t.Errorf("diagnostic without summary: %+v", d)
		}
	}
	var out bytes.Buffer
	if err := WriteDiagnostics(&out, diags, p.Sources, true); err != nil {
		t.Fatal(err)
	}
	checkAttrRanges(t, p)
	for _, e := range planExprs(p) {
		for i := 0; i <= min(len(e.Text), 64); i++ {
			if r := e.Locate(i, len(e.Text)); r.Filename != e.Range.Filename || r.Start.Line < 1 || r.Start.Byte > r.End.Byte {
				t.Fatalf("Locate(%d) of %q = %v", i, e.Text, r)
			}
		}
	}
}

// planExprs lists every rule of a plan.
func planExprs(p *Plan) []*Expr {
	var out []*Expr
	add := func(es ...*Expr) {
		for _, e := range es {
			if e != nil {
				out = append(out, e)
			}
		}
	}
	for _, r := range p.Ramps {
		for _, tier := range r.Tiers {
			add(tier.When, tier.Factor)
		}
	}
	for _, q := range p.Quotas {
		add(q.AppliesTo, q.Annual, q.Monthly)
	}
	for _, l := range p.Lets {
		add(l.Expr)
	}
	for _, g := range p.Goals {
		add(g.Target, g.Where)
	}
	for _, c := range p.Checks {
		add(c.Where, c.Assert)
		if c.Message != nil {
			for _, piece := range c.Message.Pieces {
				add(piece.Expr)
			}
		}
	}
	for _, tb := range p.Tests {
		add(tb.Assert)
	}
	return out
}

// watchdog crashes the process when one fuzz input runs for more than a few
// seconds, so that the fuzzer records it instead of stalling. Call the
// returned function when the input is done.
func watchdog(input []byte) func() {
	timer := time.AfterFunc(5*time.Second, func() { panic(fmt.Sprintf("input took too long: %q", input)) })
	return func() { timer.Stop() }
}

// writeFile replaces the content of a file. Fuzz targets reuse one
// directory per worker process (inputs of a worker run one at a time),
// which keeps executions fast.
func writeFile(t *testing.T, path string, data []byte) {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func FuzzLoad(f *testing.F) {
	addPlanSeeds(f)
	dir := writeDir(f, map[string]string{"data.csv": fuzzCSV})
	f.Fuzz(func(t *testing.T, src []byte) {
		defer watchdog(src)()
		writeFile(t, filepath.Join(dir, "plan.hcl"), src)
		p, diags := Load(dir, LoadOptions{})
		checkLoadInvariants(t, p, diags)
	})
}

func FuzzCSV(f *testing.F) {
	f.Add([]byte(fuzzCSV))
	f.Add([]byte("id,name\n\"a\"\"b\",\"x\ny\"\n"))
	f.Add([]byte("\ufeffid;name\na;b\n"))
	f.Add([]byte("id\n\n\n a \n"))
	dir := writeDir(f, map[string]string{"plan.hcl": fuzzPlan})
	f.Fuzz(func(t *testing.T, data []byte) {
		defer watchdog(data)()
		writeFile(t, filepath.Join(dir, "data.csv"), data)
		p, diags := Load(dir, LoadOptions{})
		checkLoadInvariants(t, p, diags)
	})
}

func FuzzFormat(f *testing.F) {
	addPlanSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		out, diags := Format(src, "plan.hcl")
		if diags.HasErrors() {
			if out != nil {
				t.Fatal("Format returned output with errors")
			}
			return
		}
		if again, _ := Format(out, "plan.hcl"); !bytes.Equal(again, out) {
			t.Errorf("Format is not idempotent:\n%q\n%q", out, again)
		}
	})
}
