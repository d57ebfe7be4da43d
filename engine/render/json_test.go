package render

import (
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"strings"
	"testing"
)

func TestJSONGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := JSON(&buf, fixture()); err != nil {
		t.Fatal(err)
	}
	golden(t, "json.golden", buf.Bytes())
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

// specKeys are the keys SPEC section 6 fixes, by object path.
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
			var e jsonEncoder
			if err := e.value(tc.in, 0); err != nil {
				t.Fatal(err)
			}
			if got := e.buf.String(); got != tc.want {
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

func TestQuote(t *testing.T) {
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
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := quote(tc.in); got != tc.want {
				t.Errorf("quote(%q) = %s, want %s", tc.in, got, tc.want)
			}
		})
	}
}
