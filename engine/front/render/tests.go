package render

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// Tests writes the results of `quotaplan test` the way `opa test` does: one
// line per test, the assertion with the value of each part under a
// failure, and a closing "N passed, M failed" line.
func Tests(w io.Writer, results []*engine.TestResult, color bool) error {
	var b bytes.Buffer
	passed, failed := 0, 0
	for _, t := range results {
		word := strings.ToUpper(t.Status)
		st := green
		if t.Status == engine.TestPass {
			passed++
		} else {
			failed++
			st = red
		}
		b.WriteString(paint(fmt.Sprintf("%-5s", word), st, color) + " " + t.Name)
		if t.Variant != "" {
			b.WriteString(" [" + t.Variant + "]")
		}
		b.WriteString("  (" + t.At + ")\n")
		if t.Message != "" {
			b.WriteString("      " + t.Message + "\n")
		}
		if t.Detail != nil {
			explainText(&b, t.Detail, 3)
		}
	}
	if len(results) == 0 {
		b.WriteString("no tests to run\n")
	}
	fmt.Fprintf(&b, "%d passed, %d failed\n", passed, failed)
	_, err := w.Write(b.Bytes())
	return err
}

// junitSuites is the JUnit XML report read by CI systems.
type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Errors   int          `xml:"errors,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Errors   int         `xml:"errors,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitProblem `xml:"skipped,omitempty"` // a check failure a waiver accepts
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Text    string `xml:",chardata"`
}

// JUnit writes test results as JUnit XML, one suite named after the plan.
func JUnit(w io.Writer, plan string, results []*engine.TestResult) error {
	suite := junitSuite{Name: plan, Tests: len(results)}
	for _, t := range results {
		c := junitCase{Name: t.Name, ClassName: plan + "." + strings.SplitN(t.At, ":", 2)[0]}
		if t.Variant != "" {
			c.Name += " [" + t.Variant + "]"
		}
		var detail bytes.Buffer
		if t.Detail != nil {
			explainText(&detail, t.Detail, 0)
		}
		switch t.Status {
		case engine.TestFail:
			suite.Failures++
			c.Failure = &junitProblem{Message: "assertion failed at " + t.At, Text: detail.String()}
		case engine.TestError:
			suite.Errors++
			c.Error = &junitProblem{Message: t.Message, Text: detail.String()}
		}
		suite.Cases = append(suite.Cases, c)
	}
	doc := junitSuites{Tests: suite.Tests, Failures: suite.Failures, Errors: suite.Errors, Suites: []junitSuite{suite}}
	out, err := xml.MarshalIndent(doc, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(w, "%s%s\n", xml.Header, out)
	return err
}
