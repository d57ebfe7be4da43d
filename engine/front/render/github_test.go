package render

import (
	"bytes"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
)

func TestGitHubEscaping(t *testing.T) {
	tests := []struct {
		in, data, property string
	}{
		{"plain text", "plain text", "plain text"},
		{"50% of 1,000: low", "50%25 of 1,000: low", "50%25 of 1%2C000%3A low"},
		{"two\nlines\r\n", "two%0Alines%0D%0A", "two%0Alines%0D%0A"},
		{"%0A is not a newline", "%250A is not a newline", "%250A is not a newline"},
		{"::error::", "::error::", "%3A%3Aerror%3A%3A"},
	}
	for _, tc := range tests {
		if got := githubData(tc.in); got != tc.data {
			t.Errorf("githubData(%q) = %q, want %q", tc.in, got, tc.data)
		}
		if got := githubProperty(tc.in); got != tc.property {
			t.Errorf("githubProperty(%q) = %q, want %q", tc.in, got, tc.property)
		}
	}
}

// TestGitHubOneCommandPerFailure checks that a message or a name cannot
// break out of its command: every failure is one line that starts with a
// command, whatever its check, subject, message and file hold.
func TestGitHubOneCommandPerFailure(t *testing.T) {
	r := &engine.Result{
		Checks: []*engine.CheckResult{
			{Check: "c,1", Subject: "a:b", Severity: "error", Status: engine.StatusFail, Message: "x\n::error::injected\r\n%0A",
				Range: hcl.Range{Filename: "dir,with:odd\nname.hcl", Start: hcl.Pos{Line: 2, Column: 3}}},
			{Check: "c2", Subject: "s", Severity: "info", Status: engine.StatusFail},
			{Check: "c3", Subject: "s", Severity: "warning", Status: engine.StatusPass},
		},
		Summary: engine.Summary{Errors: 1, Infos: 1, Passed: 1},
	}
	var buf bytes.Buffer
	if err := checksGitHub(&buf, r, nil); err != nil {
		t.Fatal(err)
	}
	want := "::error file=dir%2Cwith%3Aodd%0Aname.hcl,line=2,col=3,title=c%2C1 (a%3Ab)::x%0A::error::injected%0D%0A%250A\n" +
		"::notice title=c2 (s)::failed the check c2\n" +
		"Checks: 1 error, 0 warnings, 1 info, 1 passed\n"
	if got := buf.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if n := strings.Count(buf.String(), "\n"); n != 3 {
		t.Errorf("%d lines, want 3", n)
	}
}
