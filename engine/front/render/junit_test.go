package render

import (
	"bytes"
	"encoding/xml"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

// TestJUnitReadsBack decodes the JUnit report of the located fixture, with
// a message holding what XML must escape or cannot hold, and checks its
// counts, names and failures.
func TestJUnitReadsBack(t *testing.T) {
	r, p := locatedFixture()
	r.Checks[3].Message = "bad \x00 byte, <tag> & \"quote\" ]]> end"
	var buf bytes.Buffer
	if err := checksJUnit(&buf, r, PlanSubjects(p)); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name     string `xml:"name,attr"`
			Tests    int    `xml:"tests,attr"`
			Failures int    `xml:"failures,attr"`
			Cases    []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed XML: %v\n%s", err, buf.Bytes())
	}
	if doc.Tests != 9 || doc.Failures != 5 || len(doc.Suites) != 6 {
		t.Errorf("got %d tests, %d failures, %d suites; want 9, 5, 6", doc.Tests, doc.Failures, len(doc.Suites))
	}
	failed := map[string]string{}
	for _, s := range doc.Suites {
		n := 0
		for _, c := range s.Cases {
			if c.Failure != nil {
				n++
				failed[s.Name+"/"+c.Name] = c.Failure.Message
			}
		}
		if n != s.Failures || len(s.Cases) != s.Tests {
			t.Errorf("suite %s: counts %d/%d, cases %d/%d", s.Name, s.Failures, s.Tests, n, len(s.Cases))
		}
	}
	want := map[string]string{
		"coverage/ursula":             "coverage < 3x & falling",
		"meetings_booked/zed":         "bad \uFFFD byte, <tag> & \"quote\" ]]> end",
		"quota_to_ote/alice":          "quota is 3.2x OTE; healthy is 4-5x",
		"quota_to_ote/bob":            "quota is 2.9x OTE; healthy is 4-5x",
		"territory_capacity/emea-ent": "quotas total 1,024,000: 120% of capacity\r\nraise it, or move <accounts> & \"reps\"",
	}
	for k, v := range want {
		if failed[k] != v {
			t.Errorf("%s: message %q, want %q", k, failed[k], v)
		}
	}
	if len(failed) != len(want) {
		t.Errorf("failures %v, want %v", failed, want)
	}
}

func TestJUnitNoChecks(t *testing.T) {
	var buf bytes.Buffer
	if err := checksJUnit(&buf, &engine.Result{}, nil); err != nil {
		t.Fatal(err)
	}
	want := xml.Header + `<testsuites tests="0" failures="0" errors="0"></testsuites>` + "\n"
	if buf.String() != want {
		t.Errorf("got %q, want %q", buf.String(), want)
	}
}
