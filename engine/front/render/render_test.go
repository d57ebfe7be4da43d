package render

import (
	"bytes"
	"errors"
	"runtime"
	"slices"
	"strings"
	"testing"
)

func TestWrite(t *testing.T) {
	tests := []struct {
		name    string
		format  string
		by      string
		wantErr string
	}{
		{"table", "table", "", ""},
		{"json", "json", "", ""},
		{"csv", "csv", ByMonth, ""},
		{"markdown", "markdown", ByYear, ""},
		{"json ignores by", "json", "decade", ""},
		{"unknown format", "xml", "", `unknown format "xml": use one of table, json, csv, markdown`},
		{"unknown grouping", "table", "week", `unknown period grouping "week": use one of quarter, month, half, year`},
		{"unknown grouping in csv", "csv", "week", `unknown period grouping "week"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, tc.format, fixture(), Options{By: tc.by})
			if tc.wantErr == "" {
				if err != nil || buf.Len() == 0 {
					t.Fatalf("got error %v and %d bytes", err, buf.Len())
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got error %v, want %q", err, tc.wantErr)
			}
			if buf.Len() != 0 {
				t.Error("output written despite the error")
			}
		})
	}
}

func TestWriteMatchesRenderer(t *testing.T) {
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var viaWrite, direct bytes.Buffer
			if err := Write(&viaWrite, format, fixture(), Options{}); err != nil {
				t.Fatal(err)
			}
			if err := renderers[format](&direct, fixture(), Options{}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(viaWrite.Bytes(), direct.Bytes()) {
				t.Error("Write differs from the format's renderer")
			}
		})
	}
}

func TestNilResult(t *testing.T) {
	var buf bytes.Buffer
	if err := Write(&buf, "table", nil, Options{}); err == nil {
		t.Error("Write accepted a nil result")
	}
	if err := Checks(&buf, nil, CheckOptions{}); err == nil {
		t.Error("Checks accepted a nil result")
	}
}

func TestPeriodColumns(t *testing.T) {
	tests := []struct {
		name string
		by   string
		long bool
		ids  string
		last []int
	}{
		{"month", ByMonth, false, "2027-02 2027-03 2027-04 2027-05 2027-06 2027-07 2027-08 2027-09 2027-10 2027-11 2027-12 2028-01", []int{11}},
		{"quarter", ByQuarter, false, "Q1 Q2 Q3 Q4", []int{9, 10, 11}},
		{"default is quarter", "", false, "Q1 Q2 Q3 Q4", []int{9, 10, 11}},
		{"year of 12 months", ByYear, false, "FY", []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}},
		{"years of a 24-month plan", ByYear, true, "Y1 Y2", []int{12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23}},
		{"quarters of a 24-month plan", ByQuarter, true, "Q1 Q2 Q3 Q4 Q5 Q6 Q7 Q8", []int{21, 22, 23}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := fixture()
			if tc.long {
				r = longFixture()
			}
			cols, err := periodColumns(r, tc.by)
			if err != nil {
				t.Fatal(err)
			}
			var ids []string
			for _, c := range cols {
				ids = append(ids, c.ID)
			}
			if got := strings.Join(ids, " "); got != tc.ids {
				t.Errorf("columns %q, want %q", got, tc.ids)
			}
			if got := cols[len(cols)-1].Periods; !slices.Equal(got, tc.last) {
				t.Errorf("last column periods %v, want %v", got, tc.last)
			}
		})
	}
}

// TestRenderSameOnAnyCPUs renders a plan large enough to be laid out by
// several goroutines with one CPU and with several: the bytes must not
// change.
func TestRenderSameOnAnyCPUs(t *testing.T) {
	r := deepResult(5000)
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, format := range Formats() {
		t.Run(format, func(t *testing.T) {
			var one, many bytes.Buffer
			runtime.GOMAXPROCS(1)
			if err := Write(&one, format, r, Options{Color: true}); err != nil {
				t.Fatal(err)
			}
			runtime.GOMAXPROCS(4)
			if err := Write(&many, format, r, Options{Color: true}); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(one.Bytes(), many.Bytes()) {
				t.Errorf("output on 4 CPUs differs from the output on 1 (%d and %d bytes)", many.Len(), one.Len())
			}
		})
	}
}

// chunkWriter records the writes it is given.
type chunkWriter struct {
	bytes.Buffer
	writes, largest int
	fail            error // returned from the second write on
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	w.writes++
	w.largest = max(w.largest, len(p))
	if w.fail != nil && w.writes > 1 {
		return 0, w.fail
	}
	return w.Buffer.Write(p)
}

// TestTextStreams checks that the table and markdown formats pass a large
// report on in chunks, with the same bytes as one write, and return the
// first write error.
func TestTextStreams(t *testing.T) {
	r := deepResult(5000)
	for _, format := range []string{"table", "markdown"} {
		t.Run(format, func(t *testing.T) {
			var whole bytes.Buffer
			if err := Write(&whole, format, r, Options{}); err != nil {
				t.Fatal(err)
			}
			var chunks chunkWriter
			if err := Write(&chunks, format, r, Options{}); err != nil {
				t.Fatal(err)
			}
			if chunks.largest > whole.Len()/4 {
				t.Errorf("%d writes for %d bytes, the largest of %d bytes", chunks.writes, whole.Len(), chunks.largest)
			}
			if !bytes.Equal(chunks.Bytes(), whole.Bytes()) {
				t.Error("the chunks differ from the whole")
			}
			failing := chunkWriter{fail: errors.New("disk full")}
			if err := Write(&failing, format, r, Options{}); err == nil || err.Error() != "disk full" {
				t.Errorf("got error %v, want disk full", err)
			}
		})
	}
}

func TestTextOutEndsWithOneNewline(t *testing.T) {
	tests := []struct {
		name, in string
		one      bool
		want     string
	}{
		{"trailing newlines folded", "a\n\n\n", true, "a\n"},
		{"newline added", "a", true, "a\n"},
		{"only newlines: folded into the one before", "\n\n", true, ""},
		{"kept as is", "a\n\n", false, "a\n\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			out := newTextOut(&buf)
			out.WriteString(strings.Repeat("x", flushSize) + "\n")
			out.lineDone()
			out.WriteString(tc.in)
			if err := out.finish(tc.one); err != nil {
				t.Fatal(err)
			}
			if got := strings.TrimPrefix(buf.String(), strings.Repeat("x", flushSize)+"\n"); got != tc.want {
				t.Errorf("ends with %q, want %q", got, tc.want)
			}
		})
	}
}
