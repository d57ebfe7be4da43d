package plans

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

func TestParsePublished(t *testing.T) {
	months := []string{"2027-01", "2027-02"}
	tests := []struct {
		name, text string
		why        string // "" when the text is a result
		rep        PublishedRep
	}{
		{"result", `{"format_version": "1", "plan": {"id": "p", "start": "2027-01-01", "months": 2, "currency": "USD"},
			"reps": [{"id": "b\u00e9", "name": "x", "territory": "west", "manager": null, "attributes": {"ote": [1, {"a": "}"}]},
			"quotas": {"new_arr": {"unit": "USD", "total": 3, "periods": {"2027-01": 1, "2027-02": 2.5e0, "2026-12": 9}, "quarters": {"Q1": 3}}},
			"changes": [{"from": "2027-02-01", "attributes": {"territory": "east", "ote": 5}}]}], "summary": {}}`,
			"", PublishedRep{ID: "bé", Territory: "west", Quotas: []PublishedQuota{{"new_arr", []float64{1, 2.5}}},
				Changes: []PublishedChange{{From: "2027-02-01", Attributes: map[string]any{"territory": "east"}}}}},
		{"no plan", `{"format_version": "1", "reps": []}`, "it holds no plan and format_version", PublishedRep{}},
		{"not json", `quota,figures`, "it is not a saved result: at byte 0, expected '{'", PublishedRep{}},
		{"truncated", `{"format_version": "1", "plan": {"id": "p"`, "it is not a saved result", PublishedRep{}},
		{"trailing", `{"format_version": "1", "plan": {}} x`, "more after the result's closing brace", PublishedRep{}},
		{"unterminated string", `{"format_version": "1`, "a string that does not end", PublishedRep{}},
		{"too deep", `{"format_version": "1", "plan": {}, "x": ` + strings.Repeat("[", 300) + strings.Repeat("]", 300) + `}`, "nested over 200 levels", PublishedRep{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pub, why := parsePublished([]byte(tt.text), months)
			if tt.why != "" {
				if pub != nil || !strings.Contains(why, tt.why) {
					t.Fatalf("parsePublished = %v, %q; want nil and %q", pub, why, tt.why)
				}
				return
			}
			if pub == nil || pub.ID != "p" || pub.Start != "2027-01-01" || pub.Months != 2 || len(pub.Reps) != 1 {
				t.Fatalf("parsePublished = %+v, %q", pub, why)
			}
			r := pub.Reps[0]
			got := r.ID + "|" + r.Territory + "|" + r.Manager
			if want := tt.rep.ID + "|" + tt.rep.Territory + "|" + tt.rep.Manager; got != want {
				t.Errorf("rep = %s, want %s", got, want)
			}
			if q, _ := r.Quota("new_arr"); len(q) != 2 || q[0] != 1 || q[1] != 2.5 {
				t.Errorf("quotas = %v, want [1 2.5] (2026-12 is not a month of the plan)", r.Quotas)
			}
			if len(r.Changes) != 1 || r.Changes[0].From != "2027-02-01" || r.Changes[0].Attributes["territory"] != "east" || r.Changes[0].Attributes["ote"] != nil {
				t.Errorf("changes = %+v", r.Changes)
			}
			if terr, _ := r.TerritoryAt("2027-02-01"); terr != "east" {
				t.Errorf("territory in February = %q, want east", terr)
			}
		})
	}
}

// FuzzParsePublished checks that any bytes either parse or are refused
// with a reason, never a panic.
func FuzzParsePublished(f *testing.F) {
	f.Add([]byte(`{"format_version": "1", "plan": {"id": "p", "start": "2027-01-01", "months": 1}, "reps": [{"id": "a", "quotas": {"m": {"periods": {"2027-01": 5}}}}]}`))
	f.Add([]byte(`{"a": [1, "\"", {"b": null}], "format_version": true, "plan": null}`))
	f.Add([]byte(`[`))
	f.Fuzz(func(t *testing.T, src []byte) {
		pub, why := parsePublished(src, []string{"2027-01"})
		if (pub == nil) == (why == "") {
			t.Fatalf("parsePublished = %v, %q: want a result or a reason", pub, why)
		}
	})
}

// bigResult is a saved result of n reps as eval writes it (each rep on
// lines of its own). With trap, every rep ends with attributes holding
// text that looks like a rep's start but is not one.
func bigResult(n int, trap bool) []byte {
	var b strings.Builder
	b.WriteString("{\n  \"format_version\": \"1\",\n  \"plan\": {\"id\": \"p\", \"start\": \"2027-01-01\", \"months\": 2},\n  \"reps\": [")
	for i := range n {
		if i > 0 {
			b.WriteString(",")
		}
		attrs := "{\"note\": \"x\"}"
		if trap {
			attrs = "[\n    {\n      \"id\": \"fake\"}]"
		}
		fmt.Fprintf(&b, "\n    {\n      \"id\": \"r%06d\",\n      \"name\": \"Rep %d with a long name to make the file big\",\n      \"territory\": \"t%d\",\n      \"manager\": null,\n      \"quotas\": {\n        \"new_arr\": {\n          \"unit\": \"USD\",\n          \"periods\": {\n            \"2027-01\": %d,\n            \"2027-02\": 7\n          }\n        }\n      },\n      \"attributes\": %s\n    }", i, i, i%7, i, attrs)
	}
	b.WriteString("\n  ],\n  \"summary\": {}\n}\n")
	return []byte(b.String())
}

// cutsAtTrap reports whether the cut publishedReps looks for falls on a
// trap of bigResult rather than on a rep's start.
func cutsAtTrap(src []byte) bool {
	start := bytes.Index(src, []byte(`"reps": [`)) + len(`"reps": `)
	mid := start + (len(src)-start)/2
	k := bytes.Index(src[mid:], repStart)
	return k >= 0 && bytes.HasPrefix(src[mid+k+len(repStart):], []byte(`"fake"`))
}

// TestParsePublishedHalves checks that a big result read in two halves at
// once gives what reading it in one piece gives, also when the cut falls
// on text that only looks like a rep's start.
func TestParsePublishedHalves(t *testing.T) {
	months := []string{"2027-01", "2027-02"}
	for _, trap := range []bool{false, true} {
		n := 40000
		src := bigResult(n, trap)
		for trap && !cutsAtTrap(src) { // the trap must be where the cut is looked for
			n++
			src = bigResult(n, trap)
		}
		if len(src) < parallelBytes {
			t.Fatalf("the result is %d bytes, too small to be read in halves", len(src))
		}
		pub, why := parsePublished(src, months)
		if pub == nil {
			t.Fatalf("trap %v: %s", trap, why)
		}
		// The same text on one line is read in one piece: no rep starts a line.
		flat, _ := parsePublished([]byte(strings.ReplaceAll(string(src), "\n", " ")), months)
		if flat == nil || len(pub.Reps) != n || len(flat.Reps) != len(pub.Reps) {
			t.Fatalf("trap %v: %d reps in halves, %v in one piece", trap, len(pub.Reps), flat)
		}
		for i, r := range pub.Reps {
			f := flat.Reps[i]
			rq, _ := r.Quota("new_arr")
			fq, _ := f.Quota("new_arr")
			if r.ID != f.ID || r.Territory != f.Territory || rq[0] != fq[0] || rq[1] != 7 {
				t.Fatalf("trap %v: rep %d = %+v, want %+v", trap, i, r, f)
			}
		}
	}
	// An error in the second half is reported.
	bad := bigResult(40000, false)
	bad = []byte(strings.Replace(string(bad), "\"r030000\"", "\"r030000", 1))
	if pub, why := parsePublished(bad, months); pub != nil || why == "" {
		t.Errorf("a broken second half gives %v, %q", pub, why)
	}
}
