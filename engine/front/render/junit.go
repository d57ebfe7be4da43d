package render

import (
	"encoding/xml"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine"
)

// checksJUnit writes the check results of r as JUnit XML, the report CI
// systems read for `quotaplan test` too: one test suite per check, one test
// case per subject (named by its id, class "plan.check"), and a failure for
// each failed one whose message is the check's message and whose text
// gives the severity and where the subject and the check are declared. A
// failure a waiver accepts is a skipped test case whose message names the
// waiver, its end and its reason.
// encoding/xml escapes the text, and replaces what XML cannot hold.
func checksJUnit(w io.Writer, r *engine.Result, loc SubjectLocator) error {
	doc := junitSuites{Suites: []junitSuite{}}
	for _, c := range checks(r) {
		if n := len(doc.Suites); n == 0 || doc.Suites[n-1].Name != c.Check {
			doc.Suites = append(doc.Suites, junitSuite{Name: c.Check})
		}
		suite := &doc.Suites[len(doc.Suites)-1]
		tc := junitCase{Name: c.Subject, ClassName: r.Plan.ID + "." + c.Check}
		switch c.Status {
		case engine.StatusFail:
			tc.Failure = &junitProblem{Message: failureMessage(c), Text: junitDetail(loc, c)}
			suite.Failures++
			doc.Failures++
		case engine.StatusWaived:
			tc.Skipped = &junitProblem{Message: waivedMessage(r, c), Text: junitDetail(loc, c)}
		}
		suite.Tests++
		doc.Tests++
		suite.Cases = append(suite.Cases, tc)
	}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return fmt.Errorf("render checks junit: %w", err)
	}
	_, err = fmt.Fprintf(w, "%s%s\n", xml.Header, out)
	return err
}

// junitDetail is the text of the failure of c: "warning: alice: coverage
// is 1x" and the places of the subject and of the check, one a line.
func junitDetail(loc SubjectLocator, c *engine.CheckResult) string {
	lines := []string{string(c.Severity) + ": " + failureText(c)}
	if at, ok := subjectAt(loc, c); ok {
		lines = append(lines, "subject "+c.Subject+" declared at "+position(at))
	}
	if c.Range.Filename != "" {
		lines = append(lines, "check "+c.Check+" declared at "+position(c.Range))
	}
	return strings.Join(lines, "\n")
}

// position is "file:line:column" of the start of at, in forward slashes.
func position(at hcl.Range) string {
	return fmt.Sprintf("%s:%d:%d", filepath.ToSlash(at.Filename), at.Start.Line, at.Start.Column)
}
