package web_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/web"
)

// TestLetterGolden pins carol's letter in both formats. Its figures are
// the README's hand computation: 600,000 a year at full productivity,
// Q1 0, Q2 75,000, Q3 150,000, Q4 192,000; May is ramp tier 1 (40%) and
// 17 of 31 days, 10,000 after rounding to 1,000.
func TestLetterGolden(t *testing.T) {
	in, res := inputOf(t, starter)
	for _, format := range web.LetterFormats() {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := web.WriteLetter(&buf, format, in, res.Rep("carol")); err != nil {
				t.Fatal(err)
			}
			got := buf.String()
			for _, want := range []string{"417,000", "75,000", "192,000", "40% in 2027-05", "17 of 31 days", "nearest 1,000", "1,400,000"} {
				if !strings.Contains(got, want) {
					t.Errorf("letter lacks %q", want)
				}
			}
			golden := filepath.Join("testdata", "letter_carol"+web.LetterExt(format))
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatal(err)
			}
			if got != string(want) {
				t.Errorf("letter differs from %s; run go test -run TestLetterGolden -update and review the diff", golden)
			}
		})
	}
}

func TestLetterEscapes(t *testing.T) {
	in, res := inputOf(t, xssPlan(t))
	for _, format := range web.LetterFormats() {
		var buf bytes.Buffer
		if err := web.WriteLetter(&buf, format, in, res.Rep("carol")); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "<script>alert") || strings.Contains(buf.String(), "<img") {
			t.Errorf("%s: the rep's name is markup in the letter", format)
		}
		if !strings.Contains(buf.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("%s: the rep's name is not in the letter as text", format)
		}
	}
}

func TestLetterFileNames(t *testing.T) {
	for _, tc := range []struct {
		ids, want []string
	}{
		{[]string{"alice", "bob"}, []string{"alice", "bob"}},
		{[]string{"ann@example.com", "a/b", "a:b", "../x"}, []string{"ann@example.com", "a_b", "a_b-2", "_x"}},
		{[]string{"Index", "readme", "..", ""}, []string{"Index-2", "readme-2", "rep", "rep-2"}},
		{[]string{"Ann", "ann"}, []string{"Ann", "ann-2"}},
	} {
		if got := web.LetterFileNames(tc.ids); strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("LetterFileNames(%q) = %q, want %q", tc.ids, got, tc.want)
		}
	}
}

// TestLetterSectionHook shows the hook a feature (the comp plan) uses to
// add a section to every letter.
func TestLetterSectionHook(t *testing.T) {
	web.RegisterLetterSection(func(in *web.Input, rep *engine.RepResult) *web.LetterSection {
		if rep.ID != "hook<rep>" {
			return nil // leave every other letter as it is
		}
		return &web.LetterSection{Title: "Your pay", Paragraphs: []string{"Target pay <b>100</b>."}, Table: [][]string{{"attainment", "payout"}, {"100%", "1x"}}}
	})
	in, _ := inputOf(t, starter)
	l := web.BuildLetter(in, &engine.RepResult{ID: "hook<rep>"})
	if len(l.Sections) != 1 || l.Sections[0].Title != "Your pay" {
		t.Fatalf("sections %+v", l.Sections)
	}
	var buf bytes.Buffer
	if err := web.WriteLetter(&buf, "html", in, &engine.RepResult{ID: "hook<rep>"}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h2>Your pay</h2>", "Target pay &lt;b&gt;100&lt;/b&gt;.", "<th>attainment</th>", "<td>1x</td>", "No quota applies to you"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("letter lacks %s:\n%s", want, buf.String())
		}
	}
}

// FuzzLetterFileNames: whatever the rep ids (CRM exports have emails,
// slashes, anything), each file name is safe (no separator, no dot-dot, no
// hidden file), short, and unique without regard to case.
func FuzzLetterFileNames(f *testing.F) {
	f.Add("alice", "ALICE", "../etc/passwd")
	f.Add("a/b", "a:b", "")
	f.Add("index", ".hidden", "ünïcode")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		names := web.LetterFileNames([]string{a, b, c})
		seen := map[string]bool{}
		for _, n := range names {
			if n == "" || len(n) > 110 || strings.HasPrefix(n, ".") || strings.ContainsAny(n, `/\: `) || n == ".." {
				t.Errorf("unsafe file name %q from %q", n, []string{a, b, c})
			}
			if seen[strings.ToLower(n)] {
				t.Errorf("file name %q twice from %q", n, []string{a, b, c})
			}
			seen[strings.ToLower(n)] = true
		}
	})
}
