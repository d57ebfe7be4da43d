package plans

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/hashicorp/hcl/v2"
)

// fuzzCSV is the data file next to the fuzzed plan.hcl.
const fuzzCSV = "id,name,role,territory,manager,start,ote\nalice,Alice,AE,emea,,2027-03-15,240000\nbob,Bob,SDR,emea,alice,,\n"

// fuzzPlan is the plan that imports the fuzzed CSV.
// The same file is read as reps, as leaves of those reps, and as deals
// whose ids are in a column of another name.
const fuzzPlan = basePlan + "territory \"emea\" {}\nimport \"reps\" {\n  csv = \"data.csv\"\n}\n" +
	"import \"leaves\" {\n  csv = \"data.csv\"\n}\nimport \"deals\" {\n  csv = \"data.csv\"\n  id  = \"name\"\n  columns = { owner = \"rep\" }\n}\n"

// Generated inputs: a fuzz input is its bytes and a count n, and expand
// repeats every run of bytes between two repeatMarks n times, so that a
// short seed, which the fuzzer mutates and minimizes quickly, stands for a
// file nesting 50,000 deep or a CSV cell of 100 KiB. Inputs without marks
// are read as they are.
const repeatMark = '\x01'

// maxExpanded caps an expanded input, to keep every execution fast.
const maxExpanded = 2 << 20

// expand repeats the marked runs of src n times (see repeatMark).
func expand(src []byte, n uint16) []byte {
	if bytes.IndexByte(src, repeatMark) < 0 {
		return src
	}
	var out bytes.Buffer
	for k, part := range bytes.Split(src, []byte{repeatMark}) {
		if k%2 == 1 && len(part) > 0 {
			part = bytes.Repeat(part, min(int(n), maxExpanded/len(part)))
		}
		out.Write(part[:min(len(part), maxExpanded-out.Len())])
	}
	return out.Bytes()
}

func TestExpand(t *testing.T) {
	tests := []struct {
		name, src string
		n         uint16
		want      string
	}{
		{"no marks", "x = [1]", 5, "x = [1]"},
		{"one run", "x = " + mark("[") + "1" + mark("]"), 3, "x = [[[1]]]"},
		{"zero times", "a" + mark("b") + "c", 0, "ac"},
		{"unclosed mark repeats to the end", "a" + string(repeatMark) + "b", 2, "abb"},
		{"capped", mark("xy"), 60_000, strings.Repeat("xy", 60_000)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(expand([]byte(tc.src), tc.n)); got != tc.want {
				t.Errorf("expand = %.60q (%d bytes), want %.60q (%d bytes)", got, len(got), tc.want, len(tc.want))
			}
		})
	}
	if got := len(expand([]byte(mark(strings.Repeat("x", 100))), 65535)); got > maxExpanded {
		t.Errorf("expanded to %d bytes, more than %d", got, maxExpanded)
	}
}

// mark wraps s in repeat marks.
func mark(s string) string { return string(repeatMark) + s + string(repeatMark) }

// addPlanSeeds adds the plan files of testdata and of the error cases.
func addPlanSeeds(f *testing.F) {
	matches, _ := filepath.Glob(filepath.Join("testdata", "full", "*.hcl"))
	for _, m := range matches {
		if src, err := os.ReadFile(m); err == nil {
			f.Add(src, uint16(0))
		}
	}
	for _, tc := range loadCases(f) {
		if src, ok := tc.files["plan.hcl"]; ok {
			f.Add([]byte(src), uint16(0))
		}
	}
	f.Add([]byte(fuzzPlan), uint16(0))
	// changes during the year: a change, an adjustment and a lock
	f.Add([]byte(`plan "p" {
  start = "2027-01-01"
}
territory "t" {}
rep "a" {
  territory = "t"
  change "2027-03-01" {
    territory = "t"
    manager   = "a"
  }
}
quota "m" {
  annual = "1"
}
adjust "x" {
  rep     = "a"
  measure = "m"
  period  = "2027-02"
  amount  = "-1"
  reason  = "r"
}
lock {
  result  = "data.csv"
  through = "2027-02"
}
`), uint16(0))
	for _, seed := range hardPlanSeeds() {
		f.Add([]byte(seed.src), seed.n)
	}
}

// seed is a fuzz input: bytes with repeat marks, and the count.
type seed struct {
	src string
	n   uint16
}

// hardPlanSeeds are plan files of the kinds that once crashed or stalled
// Load, or must be refused: nesting and operator chains around and far
// past the limits of the syntax scan (150,000 deep used to overflow the
// parser's stack), template pieces and heredocs, long lines and number
// literals, non-finite numbers, season weight counts that do not fit the
// plan, round = 0, block names as attributes and quota() calls naming
// nothing.
func hardPlanSeeds() []seed {
	variable := func(value string, n uint16) seed {
		return seed{basePlan + "variable \"x\" {\n  default = " + value + "\n}\n", n}
	}
	plain := func(src string) seed { return seed{src, 0} }
	season := func(months int, weights string) seed {
		return plain(fmt.Sprintf("plan \"p\" {\n  start  = \"2027-01-01\"\n  months = %d\n}\nrep \"a\" {}\nquota \"q\" {\n  annual = \"1200\"\n  season = [%s]\n}\n", months, weights))
	}
	return []seed{
		variable(mark("[")+"1"+mark("]"), maxNesting-1),
		variable(mark("[")+"1"+mark("]"), maxNesting+1),
		variable(mark("[")+"1"+mark("]"), 50_000),
		variable(mark("{a=")+"1"+mark("}"), maxNesting),
		variable(mark("(")+"1"+mark(")"), 50_000),
		variable(mark(`"${`)+"1"+mark(`}"`), 50_000),
		variable(`"`+mark("%{ if true }")+"x"+mark("%{ endif }")+`"`, 50_000),
		variable("<<EOT\n"+mark("${[")+"1"+mark("]}")+"\nEOT", maxNesting/2),
		variable("<<-EOT\n  [[[(\n  EOT", 0),
		variable("\"unterminated (((", 0),
		variable("1"+mark("+1"), maxOperators),
		variable("1"+mark("+1"), 50_000),
		variable(mark("-")+"1", 50_000),
		variable(mark("!")+"true", 50_000),
		variable("[1]"+mark("[0]"), 50_000),
		variable("a"+mark(".b"), 50_000),
		variable("[1]"+mark("[*]"), 50_000),
		variable("true"+mark(" ? 1 : true"), 50_000),
		variable("1"+mark("0"), maxNumberBytes),
		variable("1"+mark("0000000000"), 50_000),
		variable("\""+mark("x")+"\"", 50_000),
		variable(mark("[1, 2, 3],"), 50_000),
		variable("1e400", 0),
		variable("1/0", 0),
		variable("(1/0) - (1/0)", 0),
		variable("[1, -1e999, { a = 1e309 }]", 0),
		season(24, "0.25, 0.25, 0.25, 0.25"),
		season(6, "0.25, 0.25, 0.25, 0.25"),
		season(3, "0.5, 0.5"),
		season(4, "0.1, 0.2, 0.3, 0.4"),
		season(12, "0.5, 0.5, 0.5"),
		season(36, mark("0.1, ")+"0"),
		plain(basePlan + "quota \"q\" {\n  annual = \"1\"\n  round  = 0\n}\n"),
		plain(basePlan + "rep \"a\" {\n  leave  = 5\n  change = 1\n}\n"),
		plain(basePlan + "rep \"a\" {}\nquota \"q\" {\n  annual = \"1\"\n}\ntest \"t\" {\n  assert = \"quota('nobody', 'qq', 'Q9') == 0\"\n}\n"),
		{basePlan + "rep \"a\" {}\nquota \"q\" {\n  annual = \"" + mark("1 + ") + "quota('nobody', 'q', 'FY')\"\n}\n", 5000},
	}
}

// checkLoadInvariants asserts what must hold for any input: a plan with
// sources, at most maxDiagnostics diagnostics (and the summary of the
// others), renderable diagnostics whose snippet lines fit the window,
// attributes that locate, and rules whose every offset locates.
func checkLoadInvariants(t *testing.T, p *Plan, diags hcl.Diagnostics) {
	if p == nil || p.Sources == nil {
		t.Fatal("Load returned no plan or no sources")
	}
	if len(diags) > maxDiagnostics+1 {
		t.Errorf("%d diagnostics, more than %d and a summary", len(diags), maxDiagnostics)
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
	var plain bytes.Buffer
	if err := WriteDiagnostics(&plain, diags, p.Sources, false); err != nil {
		t.Fatal(err)
	}
	for line := range strings.Lines(plain.String()) {
		line = strings.TrimRight(line, "\n")
		if m := gutterRE.FindString(line); m != "" && utf8.RuneCountInString(line) > len(m)+maxSnippetRunes {
			t.Errorf("snippet line of %d runes: %.80q", utf8.RuneCountInString(line), line)
		}
	}
	checkAttrRanges(t, p)
	for _, e := range p.rules() {
		for i := 0; i <= min(len(e.Text), 64); i++ {
			if r := e.Locate(i, len(e.Text)); r.Filename != e.Range.Filename || r.Start.Line < 1 || r.Start.Byte > r.End.Byte {
				t.Fatalf("Locate(%d) of %q = %v", i, e.Text, r)
			}
		}
	}
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
	f.Fuzz(func(t *testing.T, src []byte, n uint16) {
		src = expand(src, n)
		defer watchdog(src)()
		writeFile(t, filepath.Join(dir, "plan.hcl"), src)
		p, diags := Load(dir, LoadOptions{})
		checkLoadInvariants(t, p, diags)
	})
}

func FuzzCSV(f *testing.F) {
	for _, seed := range []seed{
		{fuzzCSV, 0},
		{"id,name\n\"a\"\"b\",\"x\ny\"\n", 0},
		{"\ufeffid;name\na;b\n", 0},
		{"id\n\n\n a \n", 0},
		{"id,ote,city\na,Infinity,Nan\nb,-inf,x\nc,1e400,NaN\nd,1e-400,+INF\n", 0},
		{"id,ote\na,1" + mark("0") + "\n", 400},
		{"id,leave,change\na,5,6\n", 0},
		{"id,note\na,\"" + mark("x\n") + "\"\n", maxCSVCellBytes/2 + 1},
		{"id,note\na," + mark("x") + ",extra\n", 60_000},
		{"id" + mark(",c") + "\n", 20_000},
		{"id,territory\n" + mark("a,nowhere\n"), 3000},
		{"id,manager\n" + mark("a,a\n"), 3000},
		{"id\n" + mark("\n") + "a\n", 60_000},
		{"ID,Close Date,close_date,(%),\na,\"$1,000\",x,,\n", 0},
		{"id,name,rep,from,to,ote\na,n1,a,2027-03-01,2027-03-02,\"EUR 1,200.50\"\nb,n2,a,2027-04-01,2027-03-01,n/a\n" + mark("c,,zz,2027-02-30,,-1,000\n"), 2000},
	} {
		f.Add([]byte(seed.src), seed.n)
	}
	dir := writeDir(f, map[string]string{"plan.hcl": fuzzPlan})
	f.Fuzz(func(t *testing.T, data []byte, n uint16) {
		data = expand(data, n)
		defer watchdog(data)()
		writeFile(t, filepath.Join(dir, "data.csv"), data)
		p, diags := Load(dir, LoadOptions{})
		checkLoadInvariants(t, p, diags)
	})
}

func FuzzFormat(f *testing.F) {
	addPlanSeeds(f)
	f.Fuzz(func(t *testing.T, src []byte, n uint16) {
		src = expand(src, n)
		defer watchdog(src)()
		out, diags := Format(src, "plan.hcl")
		if limit, _ := scanSyntax(src); limit != withinLimits && !diags.HasErrors() {
			t.Fatalf("Format accepted a file past a syntax limit (%d)", limit)
		}
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
