package words

import "testing"

func TestPlural(t *testing.T) {
	for _, tt := range []struct {
		n    int
		want string
	}{{0, "0 reps"}, {1, "1 rep"}, {2, "2 reps"}, {1200, "1,200 reps"}, {1234567, "1,234,567 reps"}, {-1000, "-1,000 reps"}} {
		if got := Plural(tt.n, "rep", "reps"); got != tt.want {
			t.Errorf("Plural(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
}

func TestUpperFirst(t *testing.T) {
	for in, want := range map[string]string{"": "", "no rep": "No rep", "élan": "Élan", "X": "X", "\xff": "\xff"} {
		if got := UpperFirst(in); got != want {
			t.Errorf("UpperFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSuggest pins the hints for the typos the loader, the rule compiler
// and the command line each used to answer in their own way.
func TestSuggest(t *testing.T) {
	tests := []struct {
		name       string
		candidates []string
		want       string
	}{
		{"evl", []string{"eval", "explain", "validate"}, "eval"},
		{"new_ar", []string{"new_arr", "meetings"}, "new_arr"},
		{"emea-ent2", []string{"emea-ent", "emea-mm"}, "emea-ent"},
		{"ab", []string{"abc", "xy"}, "abc"},
		{"ab", []string{"xyz"}, ""},
		{"bob", []string{"bob"}, ""},                   // the name itself is no suggestion
		{"alce", []string{"bruce", "alice"}, "alice"},  // closest wins
		{"ca", []string{"cb", "cc"}, "cb"},             // ties: the first in order
		{"zürich", []string{"zurich"}, "zurich"},       // runes, not bytes
		{string(make([]byte, 200)), []string{"x"}, ""}, // too long to be a typo
		{"emea-sm", []string{"emea-ent", "emea-smb"}, "emea-smb"},
		{"grwth", []string{"growth", "na-ent"}, "growth"},
		{"", []string{"growth"}, ""},
		{"emea-entxxx", []string{"emea-ent"}, ""}, // three edits away
	}
	for _, tt := range tests {
		if got := Suggest(tt.name, tt.candidates); got != tt.want {
			t.Errorf("Suggest(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := DidYouMean("evl", []string{"eval"}); got != ` Did you mean "eval"?` {
		t.Errorf("DidYouMean = %q", got)
	}
}
