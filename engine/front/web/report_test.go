package web_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"flag"
	"fmt"
	"html"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
	"github.com/quotaplan/quotaplan/engine/front/web"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// report writes the report of the plan in dir.
func report(t testing.TB, dir string) []byte {
	t.Helper()
	in, _ := inputOf(t, dir)
	var buf bytes.Buffer
	if err := web.WriteReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var (
	inlineScript = regexp.MustCompile(`(?s)<script>(.*?)</script>`)
	dataScript   = regexp.MustCompile(`(?s)<script type="application/json" id="qp-data">(.*?)</script>`)
	inlineStyle  = regexp.MustCompile(`(?s)<style>(.*?)</style>`)
	metaCSP      = regexp.MustCompile(`<meta http-equiv="Content-Security-Policy" content="([^"]*)">`)
)

// TestReportGolden pins the report of the starter plan, with the vendored
// chart library (a file that changes only with its version) replaced by a
// line naming its size and checksum, and checks that two runs give the
// same bytes.
func TestReportGolden(t *testing.T) {
	got := report(t, starter)
	if again := report(t, starter); !bytes.Equal(got, again) {
		t.Fatal("two reports of the same plan differ")
	}
	scripts := inlineScript.FindAllSubmatchIndex(got, -1)
	if len(scripts) != 2 {
		t.Fatalf("%d inline scripts, want the chart library and the view's", len(scripts))
	}
	lib := got[scripts[0][2]:scripts[0][3]]
	if !bytes.HasPrefix(lib, []byte("/*!\n * Chart.js v4.6.1")) {
		t.Fatalf("the first script is not Chart.js 4.6.1: %.40q", lib)
	}
	sum := sha256.Sum256(lib)
	stub := fmt.Sprintf("/* assets/vendor/chart.umd.min.js: %d bytes, sha256 %x */", len(lib), sum)
	pinned := append(append(append([]byte{}, got[:scripts[0][2]]...), stub...), got[scripts[0][3]:]...)
	golden := filepath.Join("testdata", "report_starter.html")
	if *update {
		if err := os.WriteFile(golden, pinned, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(pinned, want) {
		t.Errorf("the report differs from %s; run go test -run TestReportGolden -update and review the diff", golden)
	}
}

// TestReportSelfContained checks that the report needs no network and
// that its policy allows exactly its own inline scripts and style.
func TestReportSelfContained(t *testing.T) {
	got := report(t, starter)
	m := metaCSP.FindSubmatch(got)
	if m == nil {
		t.Fatal("no Content-Security-Policy meta tag")
	}
	csp := html.UnescapeString(string(m[1]))
	hash := func(b []byte) string {
		s := sha256.Sum256(b)
		return "'sha256-" + base64.StdEncoding.EncodeToString(s[:]) + "'"
	}
	for _, s := range inlineScript.FindAllSubmatch(got, -1) {
		if !strings.Contains(csp, "script-src") || !strings.Contains(csp, hash(s[1])) {
			t.Errorf("the policy %q does not allow an inline script by hash", csp)
		}
	}
	style := inlineStyle.FindSubmatch(got)
	if style == nil || !strings.Contains(csp, "style-src "+hash(style[1])) {
		t.Errorf("the policy %q does not allow the inline style", csp)
	}
	for _, bad := range []string{"unsafe-inline", "unsafe-eval", "http:", "https:", "*"} {
		if strings.Contains(csp, bad) {
			t.Errorf("the policy allows %s: %s", bad, csp)
		}
	}
	if !strings.HasPrefix(csp, "default-src 'none'") {
		t.Errorf("the policy does not start from nothing: %s", csp)
	}
	for _, attr := range regexp.MustCompile(`(?:src|href)="([^"]*)"`).FindAllSubmatch(got, -1) {
		if u := string(attr[1]); !strings.HasPrefix(u, "#") && !strings.HasPrefix(u, "data:") {
			t.Errorf("the report refers to %q: it must need nothing outside itself", u)
		}
	}
	if d := dataScript.Find(got); d == nil {
		t.Error("the report carries no data")
	}
}

func TestReportEscapes(t *testing.T) {
	got := report(t, xssPlan(t))
	data := dataScript.FindSubmatch(got)
	if data == nil {
		t.Fatal("no data")
	}
	if bytes.Contains(data[1], []byte("<")) || !bytes.Contains(data[1], []byte(`\u003cscript\u003ealert(1)`)) {
		t.Error("the rep's name is not escaped inside the report's data")
	}
	if n := bytes.Count(got, []byte("</script>")); n != 3 {
		t.Errorf("%d </script> in the report, want 3 (data, library, view)", n)
	}
}

// TestReportLarge writes the report of a 10,000-rep plan: under 10 MB and
// (logged) under 3 s.
func TestReportLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("a 10,000-rep plan: skipped with -short")
	}
	dir := t.TempDir()
	if err := gen.Generate(dir, gen.Config{Reps: 10000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	in, _ := inputOf(t, dir)
	start := time.Now()
	var buf bytes.Buffer
	if err := web.WriteReport(&buf, in); err != nil {
		t.Fatal(err)
	}
	t.Logf("report of 10,000 reps: %.1f MB in %s", float64(buf.Len())/1e6, time.Since(start).Round(time.Millisecond))
	if buf.Len() > 10<<20 {
		t.Errorf("report of 10,000 reps is %d bytes, more than 10 MB", buf.Len())
	}
}

// BenchmarkReport measures WriteReport alone on generated plans.
func BenchmarkReport(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("reps=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.Generate(dir, gen.Config{Reps: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			in, _ := inputOf(b, dir)
			b.ResetTimer()
			var size int
			for b.Loop() {
				var buf bytes.Buffer
				if err := web.WriteReport(&buf, in); err != nil {
					b.Fatal(err)
				}
				size = buf.Len()
			}
			b.ReportMetric(float64(size)/1e6, "MB")
		})
	}
}

// BenchmarkUpdate measures what serve does after every evaluation: build
// the view and encode it.
func BenchmarkUpdate(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("reps=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			if err := gen.Generate(dir, gen.Config{Reps: n, Seed: 1}); err != nil {
				b.Fatal(err)
			}
			sn := evaluate(b, dir)
			srv := web.New(web.Options{})
			b.ResetTimer()
			for b.Loop() {
				srv.Update(sn)
			}
		})
	}
}
