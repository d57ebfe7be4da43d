package plans

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"
)

// csvRangesPlan imports reps.csv, whose cells hold quotes, line breaks,
// non-ASCII text and CRLF line ends.
var csvRangesPlan = withPlan("import \"reps\" {\n  csv = \"reps.csv\"\n}\n",
	"reps.csv", "id,name,note,ote\r\n"+
		"zoë,Zoë Ø,\"say \"\"hi\"\"\",100\r\n"+
		"\r\n"+
		"\"bo,b\",\"two\nlines\",after,\"2e3\"\r\n"+
		"carl,,,7\r\n")

func TestCSVAttrRange(t *testing.T) {
	dir := writeDir(t, csvRangesPlan)
	p, diags := Load(dir, LoadOptions{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	reps := map[string]*Rep{}
	for _, r := range p.Reps {
		reps[r.ID] = r
	}
	tests := []struct {
		rep, attr string
		want      string // line:col-line:col, byte offsets; "" when absent
	}{
		{"zoë", "name", "2:5-2:10 [23,30]"},
		{"zoë", "note", "2:11-2:21 [31,41]"}, // approximate for a cell with escaped quotes
		{"zoë", "ote", "2:24-2:27 [44,47]"},
		{"bo,b", "name", "4:8-4:12 [58,62]"}, // a cell over two lines ends with its first line
		{"bo,b", "note", "5:8-5:13 [70,75]"},
		{"bo,b", "ote", "5:14-5:19 [76,81]"},
		{"carl", "ote", "6:8-6:9 [90,91]"},
		{"carl", "name", ""},
		{"carl", "id", ""},
		{"carl", "unknown", ""},
	}
	for _, tc := range tests {
		t.Run(tc.rep+"."+tc.attr, func(t *testing.T) {
			rng, ok := reps[tc.rep].Attrs.Range(tc.attr)
			got := ""
			if ok {
				got = fmt.Sprintf("%d:%d-%d:%d [%d,%d]", rng.Start.Line, rng.Start.Column, rng.End.Line, rng.End.Column, rng.Start.Byte, rng.End.Byte)
				if rng.Filename != filepath.Join(dir, "reps.csv") {
					t.Errorf("file %q", rng.Filename)
				}
			}
			if got != tc.want {
				t.Errorf("Range(%q) = %q, want %q", tc.attr, got, tc.want)
			}
		})
	}
}

func TestHCLAttrRange(t *testing.T) {
	p, diags := Load(writeDir(t, withPlan("rep \"a\" {\n  ote = 5\n}\n")), LoadOptions{})
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	a := p.Reps[0].Attrs
	if rng, ok := a.Range("ote"); !ok || rng != a.Ranges["ote"] || rng.Start.Line != 5 {
		t.Errorf("Range(ote) = %v, %v; want %v", rng, ok, a.Ranges["ote"])
	}
	if _, ok := a.Range("name"); ok {
		t.Error("Range(name) found an attribute that is not set")
	}
}

// checkAttrRanges asserts that every attribute of every rep, territory
// and imported row can be located in a file of the plan.
func checkAttrRanges(t *testing.T, p *Plan) {
	t.Helper()
	check := func(id string, a *Attrs) {
		for name := range a.All() {
			rng, ok := a.Range(name)
			if src, known := p.Sources[rng.Filename]; !ok || !known || rng.Start.Line < 1 || rng.End.Byte > len(src) || rng.Start.Byte > rng.End.Byte {
				t.Errorf("%s.%s has range %v, %v", id, name, rng, ok)
			}
		}
	}
	for _, r := range p.Reps {
		check(r.ID, &r.Attrs)
	}
	for _, tr := range p.Territories {
		check(tr.ID, &tr.Attrs)
	}
	for _, imp := range p.Imports {
		for _, r := range imp.Rows {
			check(r.ID, &r.Attrs)
		}
	}
}

// randomText builds strings from the characters the CSV cell and column
// grammars care about.
func randomText(rng *rand.Rand) string {
	const alphabet = "0123456789+-.eE_aZtrueFALSx \t\u00e9"
	runes := []rune(alphabet)
	b := make([]rune, rng.IntN(7))
	for i := range b {
		b[i] = runes[rng.IntN(len(runes))]
	}
	return string(b)
}

func TestIsDecimalMatchesGrammar(t *testing.T) {
	re := regexp.MustCompile(`^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$`)
	rng := rand.New(rand.NewPCG(3, 4))
	for range 200000 {
		s := randomText(rng)
		if got, want := isDecimal(s), re.MatchString(s); got != want {
			t.Fatalf("isDecimal(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestCSVDiagnosticRanges(t *testing.T) {
	dir := writeDir(t, withPlan("import \"reps\" {\n  csv = \"reps.csv\"\n}\n",
		"reps.csv", "id,manager,start\nÅsa,nobody,2027-02-30\nbo,Åsa,\n"))
	_, diags := Load(dir, LoadOptions{})
	want := []string{
		"reps.csv:2:5: Unknown manager",
		"reps.csv:2:12: Invalid date",
	}
	if got := summarize(dir, diags); fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("diagnostics %q, want %q", got, want)
	}
	for _, d := range diags {
		if d.Subject == nil || d.Subject.Start.Line != 2 {
			t.Errorf("%s: subject %v", d.Summary, d.Subject)
		}
	}
}

// TestCSVRowsOnEveryCPU imports files large enough to be read in parts on
// every CPU, with bad rows here and there, quoted cells over several lines,
// and stray quotes: the reps, their order and the diagnostics (with their
// ranges) must be those of a single CPU.
func TestCSVRowsOnEveryCPU(t *testing.T) {
	const rows = 12000 // about 400 KB: several parts
	tests := []struct {
		name  string
		row   func(i int) string // the row of rep i
		diags int                // on one CPU
	}{
		{"bad rows", func(i int) string {
			id, start := fmt.Sprintf("r%04d", i), "2027-03-01"
			switch i % 97 {
			case 5:
				id = " " + id // invalid id
			case 6:
				id = "r0001" // duplicate
			case 7:
				start = "2027-02-30" // invalid date
			case 8:
				return id + ",Rep,2027-03-01\n" // a cell missing
			}
			return fmt.Sprintf("%s,Rep %d,%s,%d\n", id, i, start, i)
		}, 4 * 124},
		{"more problems than shown", func(i int) string {
			id, start := fmt.Sprintf("r%04d", i), "2027-03-01"
			if i%2 == 0 {
				start = "2027-02-30" // invalid date
			}
			if i%3 == 1 {
				id = "r0001" // duplicate: its own problems are dropped with it
			}
			return fmt.Sprintf("%s,Rep %d,%s,%d\n", id, i, start, i)
		}, maxDiagnostics + 1},
		{"stray text in a number column", func(i int) string {
			base := fmt.Sprint(i)
			if i%500 == 3 {
				base = "n/a"
			}
			return fmt.Sprintf("r%04d,Rep %d,2027-03-01,%s\n", i, i, base)
		}, rows / 500},
		{"quoted cells over lines", func(i int) string {
			return fmt.Sprintf("r%04d,\"Rep \"\"%d\"\"\non two lines, with a comma\",2027-03-01,%d\n", i, i, i)
		}, 0},
		{"stray quote early", func(i int) string {
			if i == 100 {
				return fmt.Sprintf("r%04d,Rep \"%d,2027-03-01,%d\n", i, i, i)
			}
			return fmt.Sprintf("r%04d,\"Rep\n%d\",2027-03-01,%d\n", i, i, i)
		}, 1},
		{"stray quote late", func(i int) string {
			if i == rows-100 {
				return fmt.Sprintf("r%04d,Rep \"%d,2027-03-01,%d\n", i, i, i)
			}
			return fmt.Sprintf("r%04d,\"Rep\n%d\",2027-03-01,%d\n", i, i, i)
		}, 1},
		{"quote never closed", func(i int) string {
			if i == rows*3/4 {
				return fmt.Sprintf("r%04d,\"Rep %d,2027-03-01,%d\n", i, i, i)
			}
			return fmt.Sprintf("r%04d,Rep %d,2027-03-01,%d\n", i, i, i)
		}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			const header = "id,name,start,quota_base\n"
			var csv strings.Builder
			csv.WriteString(header)
			for i := range rows {
				csv.WriteString(tc.row(i))
			}
			parts := (&csvFile{data: []byte(csv.String())}).parts(len(header), 4)
			if len(parts) < 2 {
				t.Fatalf("the file is read in %d parts, want several", len(parts))
			}
			if tc.diags == 0 { // a valid file: every part starts where a row does
				rowStarts := map[int]bool{}
				r := newCSVReader([]byte(csv.String()))
				for {
					rowStarts[int(r.InputOffset())] = true
					if _, err := r.Read(); err != nil {
						break
					}
				}
				for _, at := range parts {
					if !rowStarts[at] {
						t.Errorf("a part starts at byte %d, inside a row", at)
					}
				}
			}
			dir := writeDir(t, withPlan("import \"reps\" {\n  csv = \"reps.csv\"\n}\n", "reps.csv", csv.String()))
			load := func(procs int) (string, []string) {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				p, diags := Load(dir, LoadOptions{})
				var ids strings.Builder
				for _, r := range p.Reps {
					fmt.Fprintf(&ids, "%s@%d:%d %v;", r.ID, r.DefRange.Start.Line, r.DefRange.Start.Column, r.Attrs.Map())
				}
				var got []string
				for _, d := range diags {
					got = append(got, fmt.Sprintf("%s %s %s", d.Subject, d.Summary, d.Detail))
				}
				return ids.String(), got
			}
			oneIDs, oneDiags := load(1)
			if n := len(oneDiags); n != tc.diags {
				t.Errorf("%d diagnostics on one CPU, want %d: %q", n, tc.diags, oneDiags)
			}
			for _, procs := range []int{2, 4, 8} {
				ids, diags := load(procs)
				if ids != oneIDs {
					t.Errorf("%d CPUs: reps differ from one CPU's", procs)
				}
				if fmt.Sprint(diags) != fmt.Sprint(oneDiags) {
					t.Errorf("%d CPUs: diagnostics differ:\n%q\none CPU:\n%q", procs, diags, oneDiags)
				}
			}
		})
	}
}

func TestEntitySlabNeverRunsOut(t *testing.T) {
	deals := rowKindNamed("deals")
	tests := []struct {
		kind  *rowKind
		rows  int // room made
		taken int // entities taken
	}{
		{kind: repRows, rows: 2, taken: 2},
		{kind: repRows, rows: 1, taken: 3},
		{kind: territoryRows, rows: 2, taken: 2},
		{kind: territoryRows, rows: 0, taken: 2},
		{kind: deals, rows: 2, taken: 2},
		{kind: deals, rows: 1, taken: 3},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("%s %d of %d", tc.kind.name, tc.taken, tc.rows), func(t *testing.T) {
			s := newEntitySlab(tc.kind, tc.rows, 3)
			seen := map[any]bool{}
			var rows [][]any
			for range tc.taken {
				var e any
				var id string
				switch tc.kind {
				case repRows:
					r := s.rep(Rep{ID: fmt.Sprint(len(rows))})
					e, id = r, r.ID
				case territoryRows:
					tr := s.territory(Territory{ID: fmt.Sprint(len(rows))})
					e, id = tr, tr.ID
				default:
					r := s.row(Row{ID: fmt.Sprint(len(rows))})
					e, id = r, r.ID
				}
				if seen[e] {
					t.Fatalf("entity %p handed out twice", e)
				}
				if id != fmt.Sprint(len(rows)) {
					t.Fatalf("entity %d has id %q", len(rows), id)
				}
				seen[e] = true
				v := s.values()
				if len(v) != 3 || cap(v) != 3 {
					t.Fatalf("values: len %d cap %d, want 3 and 3", len(v), cap(v))
				}
				v[0] = len(rows)
				rows = append(rows, v)
			}
			for i, v := range rows {
				if v[0] != i {
					t.Errorf("row %d of values holds %v: rows share memory", i, v[0])
				}
			}
		})
	}
}
