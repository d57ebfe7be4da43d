package plans

import (
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
			"", PublishedRep{ID: "bé", Territory: "west", Quotas: map[string][]float64{"new_arr": {1, 2.5}},
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
			if q := r.Quotas["new_arr"]; len(q) != 2 || q[0] != 1 || q[1] != 2.5 {
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
