package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
)

// quotaplanPackage is built by bench unless -quotaplan names a binary.
const quotaplanPackage = "github.com/quotaplan/quotaplan/cmd/quotaplan"

// benchConfig is the command line of plangen bench.
type benchConfig struct {
	sizes     []int
	runs      int
	seed      uint64
	quotaplan string // binary; "" builds one
	keep      bool
	deals     int // deals per rep
}

// runBench measures quotaplan against the baseline as processes:
// plangen bench -reps 1000,10000,100000 -runs 5.
func runBench(args []string, stdout, stderr io.Writer) error {
	cfg, err := parseBench(args, stderr)
	if err != nil {
		return err
	}
	work, err := os.MkdirTemp("", "plangen-bench-")
	if err != nil {
		return err
	}
	if cfg.keep {
		fmt.Fprintf(stderr, "plans and outputs stay in %s\n", work)
	} else {
		defer os.RemoveAll(work)
	}
	b, err := newBencher(cfg, work, stderr)
	if err != nil {
		return err
	}
	var rows []benchRow
	for _, n := range cfg.sizes {
		row, err := b.size(n)
		if err != nil {
			return err
		}
		rows = append(rows, row)
	}
	fmt.Fprintf(stdout, "runs=%d seed=%d deals/rep=%d cpus=%d %s/%s; plangen's own peak RSS %d MiB (Linux may count it into a child's)\n",
		cfg.runs, cfg.seed, cfg.deals, runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, selfMaxRSSKiB()/1024)
	return printTable(stdout, rows)
}

// parseBench reads the flags of plangen bench.
func parseBench(args []string, stderr io.Writer) (benchConfig, error) {
	flags := newFlags("plangen bench", stderr)
	sizes := flags.String("reps", "1000,10000,100000", "comma-separated plan sizes in reps")
	cfg := benchConfig{}
	flags.IntVar(&cfg.runs, "runs", 5, "runs of each program per size")
	flags.Uint64Var(&cfg.seed, "seed", 1, "seed of the generated plans")
	flags.StringVar(&cfg.quotaplan, "quotaplan", "", "quotaplan binary to measure (default: build "+quotaplanPackage+")")
	flags.BoolVar(&cfg.keep, "keep", false, "keep the generated plans and outputs")
	flags.IntVar(&cfg.deals, "deals", 10, "deals per rep in the generated plans (0: none)")
	rest, err := parse(flags, args)
	if err != nil {
		return cfg, err
	}
	if len(rest) > 0 {
		return cfg, usageError("bench takes no arguments, got %q", rest[0])
	}
	if cfg.runs < 1 {
		return cfg, usageError("-runs must be at least 1, not %d", cfg.runs)
	}
	cfg.sizes, err = parseSizes(*sizes)
	return cfg, err
}

// parseSizes reads a comma-separated list of rep counts.
func parseSizes(s string) ([]int, error) {
	var out []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 4 {
			return nil, usageError("-reps: %q is not a plan size (a whole number of reps, at least 4)", f)
		}
		out = append(out, n)
	}
	return out, nil
}

// bencher runs the two programs on generated plans.
type bencher struct {
	cfg       benchConfig
	work      string
	quotaplan string // binary
	self      string // this binary, for plangen baseline
	log       io.Writer
}

// newBencher finds or builds the binaries to measure.
func newBencher(cfg benchConfig, work string, log io.Writer) (*bencher, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find the plangen binary: %w", err)
	}
	b := &bencher{cfg: cfg, work: work, quotaplan: cfg.quotaplan, self: self, log: log}
	if b.quotaplan == "" {
		b.quotaplan = filepath.Join(work, "quotaplan")
		fmt.Fprintf(log, "building %s\n", quotaplanPackage)
		cmd := exec.Command("go", "build", "-o", b.quotaplan, quotaplanPackage)
		cmd.Stdout, cmd.Stderr = log, log
		if err := cmd.Run(); err != nil {
			return nil, fmt.Errorf("build quotaplan (run plangen bench inside the quotaplan module, or pass -quotaplan): %w", err)
		}
	}
	return b, nil
}

// measurement is one run of one program.
type measurement struct {
	wall   time.Duration
	rssKiB int64
	sum    [sha256.Size]byte
}

// benchRow is the result of one plan size.
type benchRow struct {
	reps                int
	quotaplan, baseline []measurement
	failed              string // first line of quotaplan's error, "" when it ran
	identical           bool
}

// size generates a plan of n reps and runs both programs on it.
func (b *bencher) size(n int) (benchRow, error) {
	row := benchRow{reps: n, identical: true}
	dir := filepath.Join(b.work, fmt.Sprintf("plan-%d", n))
	fmt.Fprintf(b.log, "generating %d reps\n", n)
	// In a child process, as everything here: Linux counts the parent's peak
	// memory at fork time into each child's, so the parent stays small.
	gen := exec.Command(b.self, "-reps", strconv.Itoa(n), "-seed", strconv.FormatUint(b.cfg.seed, 10), "-deals", strconv.Itoa(b.cfg.deals), "-o", dir)
	gen.Stderr = b.log
	if err := gen.Run(); err != nil {
		return row, fmt.Errorf("generate %d reps: %w", n, err)
	}
	qOut, bOut := dir+"-quotaplan.json", dir+"-baseline.json"
	for i := range b.cfg.runs {
		fmt.Fprintf(b.log, "%d reps: run %d of %d\n", n, i+1, b.cfg.runs)
		base, err := measure(bOut, b.self, "baseline", dir, "-o", bOut)
		if err != nil {
			return row, fmt.Errorf("baseline on %d reps: %w", n, err)
		}
		row.baseline = append(row.baseline, base)
		qp, err := measure(qOut, b.quotaplan, "eval", dir, "--format", "json", "-o", qOut)
		if err != nil {
			row.failed = firstLine(err.Error())
			return row, nil
		}
		row.quotaplan = append(row.quotaplan, qp)
		row.identical = row.identical && qp.sum == base.sum
	}
	return row, nil
}

// measure runs a program that writes out, and returns its wall time, peak
// memory and the checksum of out.
func measure(out, name string, args ...string) (measurement, error) {
	var stderr bytes.Buffer
	cmd := exec.CommandContext(context.Background(), name, args...)
	cmd.Stderr = &stderr
	start := time.Now()
	err := cmd.Run()
	m := measurement{wall: time.Since(start)}
	if err != nil {
		return m, fmt.Errorf("%s: %w: %s", filepath.Base(name), err, strings.TrimSpace(stderr.String()))
	}
	m.rssKiB = maxRSSKiB(cmd.ProcessState)
	if m.sum, err = checksum(out); err != nil {
		return m, err
	}
	return m, os.Remove(out)
}

// checksum returns the SHA-256 of a file, streamed so that this process
// stays small.
func checksum(path string) ([sha256.Size]byte, error) {
	var sum [sha256.Size]byte
	f, err := os.Open(path)
	if err != nil {
		return sum, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}

// firstLine returns s up to its first line break.
func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// printTable prints one line per plan size.
func printTable(w io.Writer, rows []benchRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "reps\tquotaplan\tbaseline\tratio\tquotaplan RSS med/max\tbaseline RSS med/max\tidentical\t")
	for _, r := range rows {
		if r.failed != "" {
			fmt.Fprintf(tw, "%d\tfailed\t%s\t-\t-\t%s\t-\t\n", r.reps, seconds(r.baseline), rss(r.baseline))
			continue
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%.2fx\t%s\t%s\t%s\t\n", r.reps, seconds(r.quotaplan), seconds(r.baseline),
			ratio(r.quotaplan, r.baseline), rss(r.quotaplan), rss(r.baseline), yesNo(r.identical))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, r := range rows {
		if r.failed != "" {
			fmt.Fprintf(w, "quotaplan failed on %d reps: %s\n", r.reps, r.failed)
		}
	}
	return nil
}

// medianWall is the median wall time of ms.
func medianWall(ms []measurement) time.Duration {
	return median(ms, func(m measurement) time.Duration { return m.wall })
}

// median returns the median of a field of ms (the mean of the middle two
// for an even count).
func median[T int64 | time.Duration](ms []measurement, field func(measurement) T) T {
	if len(ms) == 0 {
		return 0
	}
	vs := make([]T, len(ms))
	for i, m := range ms {
		vs[i] = field(m)
	}
	slices.Sort(vs)
	mid := len(vs) / 2
	if len(vs)%2 == 0 {
		return (vs[mid-1] + vs[mid]) / 2
	}
	return vs[mid]
}

// ratio is the median wall time of a over that of b.
func ratio(a, b []measurement) float64 {
	if medianWall(b) == 0 {
		return 0
	}
	return float64(medianWall(a)) / float64(medianWall(b))
}

// seconds prints the median wall time.
func seconds(ms []measurement) string {
	return fmt.Sprintf("%.3fs", medianWall(ms).Seconds())
}

// rss prints the median and maximum peak resident memory in MiB.
func rss(ms []measurement) string {
	field := func(m measurement) int64 { return m.rssKiB }
	var peak int64
	for _, m := range ms {
		peak = max(peak, m.rssKiB)
	}
	return fmt.Sprintf("%d/%d MiB", median(ms, field)/1024, peak/1024)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "NO"
}
