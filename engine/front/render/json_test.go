package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"math"
	"math/rand/v2"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/plans/golden"
)

func TestJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	golden.Check(t, filepath.Join("testdata", "json.golden"), buf.Bytes())
}

func TestJSONDeterministic(t *testing.T) {
	var first bytes.Buffer
	if err := JSON(&first, fixture()); err != nil {
		t.Fatal(err)
	}
	for range 50 {
		var again bytes.Buffer
		if err := JSON(&again, fixture()); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(first.Bytes(), again.Bytes()) {
			t.Fatal("two renderings of the same result differ")
		}
	}
}

// specKeys are the keys plans/LANGUAGE.md section 11 fixes, by object path.
var specKeys = map[string][]string{
	"":                       {"format_version", "plan", "scenario", "vars", "periods", "reps", "territories", "goals", "checks", "summary"},
	"plan":                   {"id", "title", "start", "months", "currency"},
	"reps[]":                 {"id", "name", "role", "territory", "manager", "quotas"},
	"reps[].quotas.*":        {"unit", "total", "full", "periods", "quarters"},
	"territories[]":          {"id", "quotas"},
	"territories[].quotas.*": {"total"},
	"goals[]":                {"id", "measure", "period", "target", "assigned", "ratio", "expected"},
	"checks[]":               {"check", "severity", "subject", "status", "message"},
	"summary":                {"reps", "errors", "warnings"},
}

func TestJSONKeys(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	if !json.Valid(buf.Bytes()) {
		t.Fatal("output is not valid JSON")
	}
	var doc map[string]any
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	for path, want := range specKeys {
		t.Run("keys of "+path, func(t *testing.T) {
			objs := lookup(doc, path)
			if len(objs) == 0 {
				t.Fatalf("no object at %q", path)
			}
			for _, o := range objs {
				if got := slices.Sorted(maps.Keys(o)); !slices.Equal(got, slices.Sorted(slices.Values(want))) {
					t.Errorf("keys %v, want %v", got, want)
				}
			}
		})
	}
}

// lookup returns the objects at path: dot-separated keys, "x[]" for every
// element of array x, "*" for every value of an object.
func lookup(doc map[string]any, path string) []map[string]any {
	objs := []map[string]any{doc}
	if path == "" {
		return objs
	}
	for _, step := range strings.Split(path, ".") {
		var next []map[string]any
		for _, o := range objs {
			next = append(next, children(o, step)...)
		}
		objs = next
	}
	return objs
}

// children follows one step of a lookup path from o.
func children(o map[string]any, step string) []map[string]any {
	var vals []any
	switch {
	case step == "*":
		vals = slices.Collect(maps.Values(o))
	case strings.HasSuffix(step, "[]"):
		vals, _ = o[strings.TrimSuffix(step, "[]")].([]any)
	default:
		vals = []any{o[step]}
	}
	var out []map[string]any
	for _, v := range vals {
		if m, ok := v.(map[string]any); ok {
			out = append(out, m)
		}
	}
	return out
}

func TestJSONValues(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	tests := []struct {
		name, want string
	}{
		{"null territory", `"territory": null,`},
		{"null manager", `"manager": null,`},
		{"null measure", `"measure": null,`},
		{"null ratio for a zero target", `"ratio": null,`},
		{"html left readable", `"EMEA & <NA>"`},
		{"quote escaped", `"Zoë \"Z\" O|Neil"`},
		{"no exponent", `"base": 1500000,`},
		{"trimmed decimals", `"ratio": 1.112001,`},
		{"trailing newline", "}\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(out, tc.want) {
				t.Errorf("JSON lacks %q", tc.want)
			}
		})
	}
}

func TestJSONValueKinds(t *testing.T) {
	tests := []struct {
		name string
		in   any
		want string
	}{
		{"nil", nil, "null"},
		{"float", 0.1 + 0.2, "0.3"},
		{"negative zero", -0.0, "0"},
		{"int", 42, "42"},
		{"int64", int64(-7), "-7"},
		{"float32", float32(0.5), "0.5"},
		{"bool", true, "true"},
		{"string", "a\"b\n<&>", `"a\"b\n<&>"`},
		{"empty list", []any{}, "[]"},
		{"nil map", map[string]any(nil), "{}"},
		{"string slice", []string{"a", "b"}, "[\n  \"a\",\n  \"b\"\n]"},
		{"sorted map", map[string]any{"b": 1.0, "a": []any{true}}, "{\n  \"a\": [\n    true\n  ],\n  \"b\": 1\n}"},
		{"typed map", map[string]float64{"y": 2, "x": 1}, "{\n  \"x\": 1,\n  \"y\": 2\n}"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var e jsonWriter
			if err := e.value(tc.in); err != nil {
				t.Fatal(err)
			}
			if got := string(e.buf); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestJSONUnsupportedValue(t *testing.T) {
	r := fixture()
	r.Vars["bad"] = make(chan int)
	var buf bytes.Buffer
	err := JSON(&buf, r)
	if err == nil || !strings.Contains(err.Error(), "vars: bad: cannot encode a value of type chan int") {
		t.Fatalf("got error %v, want one naming vars.bad", err)
	}
	if buf.Len() != 0 {
		t.Error("partial output written")
	}
}

func TestAppendQuoted(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "alice", `"alice"`},
		{"empty", "", `""`},
		{"quote", `a"b`, `"a\"b"`},
		{"backslash", `a\b`, `"a\\b"`},
		{"control", "a\tb\x01", `"a\tb\u0001"`},
		{"html kept", "<a & b>", `"<a & b>"`},
		{"non-ascii kept", "Zoë", `"Zoë"`},
		{"delete char", "a\x7fb", "\"a\x7fb\""},
		{"invalid utf-8", "a\xffb", `"a\ufffdb"`},
		{"truncated rune", "Zo\xc3", `"Zo\ufffd"`},
		{"replacement char kept", "a\ufffdb", "\"a\ufffdb\""},
		{"named controls", "\b\f\n\r\t", `"\b\f\n\r\t"`},
		{"line separators", "a\u2028b\u2029c", `"a\u2028b\u2029c"`},
		{"unit separator", "\x1f", `"\u001f"`},
		{"escape at both ends", "\"x\"", `"\"x\""`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(appendQuoted(nil, tc.in)); got != tc.want {
				t.Errorf("appendQuoted(%q) = %s, want %s", tc.in, got, tc.want)
			}
			if want := encodingJSON(t, tc.in); tc.want != want {
				t.Errorf("encoding/json gives %s, want %s", want, tc.want)
			}
		})
	}
}

// encodingJSON is s as encoding/json writes it with HTML left readable,
// the reference for appendQuoted.
func encodingJSON(t testing.TB, s string) string {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		t.Fatal(err)
	}
	return strings.TrimSuffix(b.String(), "\n")
}

func FuzzAppendQuoted(f *testing.F) {
	for _, s := range []string{"", "alice", "a\"b\\c", "\x00\x1f\x7f", "Zoë\xff\xc3", "\u2028<&>\u2029", "\ufffd"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendQuoted(nil, s)), encodingJSON(t, s); got != want {
			t.Errorf("appendQuoted(%q) = %s, encoding/json gives %s", s, got, want)
		}
	})
}

// numberCases are values for appendNumber: whole numbers, halves, repeating
// fractions, negatives, signed zeros, rounding at the sixth decimal, and
// magnitudes from far below to far above the integer fast path.
var numberCases = []struct {
	name string
	v    float64
}{
	{"zero", 0},
	{"negative zero", math.Copysign(0, -1)},
	{"one", 1},
	{"minus one", -1},
	{"quota", 40000},
	{"half", 0.5},
	{"minus half", -2.5},
	{"a third", 1.0 / 3},
	{"minus two thirds", -2.0 / 3},
	{"tenth plus fifth", 0.1 + 0.2},
	{"monthly of annual", 1000000.0 / 12},
	{"six decimals", 1.123456},
	{"seventh decimal rounds up", 1.1234567},
	{"seventh decimal rounds down", 1.1234564},
	{"rounds to whole", 2.9999999},
	{"rounds to negative zero", -0.0000001},
	{"1e-7", 1e-7},
	{"5e-7", 5e-7},
	{"1e-6", 1e-6},
	{"smallest subnormal", math.SmallestNonzeroFloat64},
	{"2^53", 1 << 53},
	{"2^53 + 2", 1<<53 + 2},
	{"1e17", 1e17},
	{"2^62 minus", 1<<62 - 1024},
	{"2^62", 1 << 62},
	{"2^63", 1 << 63},
	{"minus 2^63", -(1 << 63)},
	{"1e21", 1e21},
	{"1e22 plus fraction", 1e22 + 0.5},
	{"max float", math.MaxFloat64},
	{"minus max float", -math.MaxFloat64},
	{"large fraction", 123456789.123456789},
	{"NaN", math.NaN()},
	{"+Inf", math.Inf(1)},
	{"-Inf", math.Inf(-1)},
}

func TestAppendNumber(t *testing.T) {
	for _, tc := range numberCases {
		t.Run(tc.name, func(t *testing.T) {
			if got, want := string(appendNumber([]byte("x"), tc.v)), "x"+engine.FormatNumber(tc.v); got != want {
				t.Errorf("appendNumber(%v) = %q, want %q", tc.v, got, want)
			}
		})
	}
}

func TestAppendNumberRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	scales := []float64{1e-9, 1e-6, 1e-3, 1, 1e3, 1e6, 1e9, 1e15, 1e18, 1e25}
	for i := range 200000 {
		v := (rng.Float64()*2 - 1) * scales[i%len(scales)]
		if i%3 == 0 {
			v = math.Round(v*1000) / 1000
		}
		if got, want := string(appendNumber(nil, v)), engine.FormatNumber(v); got != want {
			t.Fatalf("appendNumber(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestAppendNumberAllocs(t *testing.T) {
	buf := make([]byte, 0, 512)
	for _, tc := range numberCases {
		t.Run(tc.name, func(t *testing.T) {
			if n := testing.AllocsPerRun(100, func() { buf = appendNumber(buf[:0], tc.v) }); n != 0 {
				t.Errorf("appendNumber(%v) allocates %v times, want 0", tc.v, n)
			}
		})
	}
}

// failWriter accepts limit bytes, then fails every write.
type failWriter struct {
	limit, written, writes int
}

func (w *failWriter) Write(p []byte) (int, error) {
	w.writes++
	if w.written+len(p) > w.limit {
		return 0, errors.New("disk full")
	}
	w.written += len(p)
	return len(p), nil
}

func TestJSONStreams(t *testing.T) {
	r := bigResult(2000)
	var whole bytes.Buffer
	if err := JSON(&whole, r); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		limit   int
		wantErr string
	}{
		{name: "in several writes", limit: whole.Len()},
		{name: "write error", limit: whole.Len() / 2, wantErr: "render json: disk full"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := &failWriter{limit: tc.limit}
			err := JSON(w, r)
			if tc.wantErr != "" {
				if err == nil || err.Error() != tc.wantErr {
					t.Fatalf("error %v, want %q", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if w.written != whole.Len() || w.writes < 2 {
				t.Errorf("%d bytes in %d writes, want %d bytes in several", w.written, w.writes, whole.Len())
			}
		})
	}
}

func TestJSONAllocsPerRep(t *testing.T) {
	small, large := bigResult(100), bigResult(1100)
	allocs := func(r *engine.Result) float64 {
		return testing.AllocsPerRun(3, func() {
			if err := JSON(io.Discard, r); err != nil {
				t.Fatal(err)
			}
		})
	}
	if perRep := (allocs(large) - allocs(small)) / 1000; perRep > 0.1 {
		t.Errorf("JSON allocates %.2f times per rep, want none", perRep)
	}
}

func TestJSONDeepNesting(t *testing.T) {
	var v any = map[string]any{"leaf": "x", "n": 1.0}
	for range 25 {
		v = []any{v, true}
	}
	var e jsonWriter
	if err := e.value(v); err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if string(e.buf) != string(want) {
		t.Errorf("deeply nested value differs from encoding/json:\n%s", e.buf)
	}
}

// TestJSONChunksInOrder is the regression test for reps written out of
// order: two chunks that share a buffer of the ring could take it in the
// wrong order when one encoding goroutine ran far ahead of another, and
// the JSON then held a later chunk in the place of an earlier one (seen as
// a saved result that differed from run to run on a loaded machine). The
// output on 4 CPUs must equal the output on 1, every time.
func TestJSONChunksInOrder(t *testing.T) {
	r := deepResult(5000)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var one bytes.Buffer
	runtime.GOMAXPROCS(1)
	if err := JSON(&one, r); err != nil {
		t.Fatal(err)
	}
	runtime.GOMAXPROCS(4)
	for i := range 30 {
		var many bytes.Buffer
		if err := JSON(&many, r); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(one.Bytes(), many.Bytes()) {
			t.Fatalf("run %d on 4 CPUs differs from the output on 1", i)
		}
	}
}
