package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"

	"github.com/quotaplan/quotaplan/engine/front/watch"
	"github.com/quotaplan/quotaplan/engine/front/web"
	"github.com/quotaplan/quotaplan/plans"
)

// serveUsage is the summary of `quotaplan serve -h`.
const serveUsage = `Serve a read-only web view of the plan in DIR: an overview with charts, the reps (sortable and
filterable), each rep's months with how every figure was built, teams, territories and checks;
attainment with actuals, the territories' books with accounts, locked and adjusted months and
the rep's versions with changes during the year, payouts and the cost curve with comp blocks.
The plan is evaluated again on every save (as watch does) and open pages update by themselves; an
invalid save shows its diagnostics while the last valid figures stay. With --base REF a diff page
compares the plan with DIR as it was at the git revision REF.
--as-of DATE reads the plan as of that day (actuals to date, waivers in force), as eval does.
The address is loopback only unless --addr says otherwise. Runs until interrupted (Ctrl-C).`

// serveGrace bounds how long serve waits for requests in progress when it
// stops.
const serveGrace = 2 * time.Second

// runServe implements `quotaplan serve [DIR]`.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", "[DIR]", serveUsage, stderr)
	var pf planFlags
	pf.register(fs)
	addr := fs.String("addr", "127.0.0.1:8080", "listen on `HOST:PORT` (port 0 picks a free one)")
	base := fs.String("base", "", "add a diff page against DIR as it was at git revision `REF`")
	debounce := fs.Duration("debounce", watch.DefaultDebounce, "re-evaluate after `DURATION` without further changes")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	if *debounce <= 0 {
		return fs.usageError("--debounce must be positive")
	}
	host, _, err := net.SplitHostPort(*addr)
	if err != nil || strings.ContainsAny(*addr, "/ ") {
		return fs.usageError("--addr %q: want HOST:PORT, for example 127.0.0.1:8080", *addr)
	}
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return fmt.Errorf("serve %s: not a plan directory", dir)
	}
	if err := reportDiags(stderr, asOfDiags(pf.asOf), nil); err != nil {
		return err // no save can mend a flag: stop before listening
	}
	eopts := pf.options(stderr)
	opts := web.Options{Logger: eopts.Logger, LoopbackOnly: isLoopback(host)}
	if *base != "" {
		s := loadGitSide(ctx, dir, *base, eopts)
		if err := reportDiags(stderr, s.diags, s.sources); err != nil {
			fmt.Fprintf(stderr, "quotaplan serve: the base (%s) is invalid; nothing was served\n", s.arg)
			return err
		}
		opts.Base, opts.HasBase = s.input, true
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if !isLoopback(host) {
		fmt.Fprintf(stderr, "quotaplan serve: warning: %s is not a loopback address: anyone who can reach it can read the plan\n", *addr)
	}
	srv := web.New(opts)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var watchErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		wopts := watch.Options{Engine: eopts, Debounce: *debounce, Notify: noticePrinter(stderr)}
		watchErr = watch.Run(ctx, dir, wopts, func(r watch.Report) {
			srv.Update(r.Snapshot)
			logEvaluation(stderr, r)
		})
		if watchErr != nil {
			cancel()
		}
	}()
	fmt.Fprintf(stdout, "quotaplan serve: %s on http://%s/ (read-only; Ctrl-C to stop)\n", dir, ln.Addr())
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}
	err = web.Serve(ctx, hs, srv, func() error { return hs.Serve(ln) }, serveGrace)
	cancel()
	wg.Wait()
	if watchErr != nil {
		return fmt.Errorf("serve: %w", watchErr)
	}
	if err != nil && !errors.Is(err, net.ErrClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	return nil
}

// isLoopback reports whether host names only this machine: localhost or a
// loopback IP. An empty host listens on every interface.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// logEvaluation prints one line per evaluation on stderr, and the
// diagnostics of an invalid one: the terminal that runs serve says what the
// page's banner says.
func logEvaluation(stderr io.Writer, r watch.Report) {
	if r.OK() {
		fmt.Fprintf(stderr, "quotaplan serve: evaluation %d: valid (%d reps, %s)\n", r.Seq, r.Result.Summary.Reps, r.Duration.Round(time.Millisecond))
		return
	}
	fmt.Fprintf(stderr, "quotaplan serve: evaluation %d: invalid; the page shows the diagnostics and keeps the last valid figures\n", r.Seq)
	_ = reportDiags(stderr, r.Diagnostics, r.Sources)
}

// asOfDiags is the error of an --as-of that is not a calendar day, as the
// engine words it; serve checks it first, since a save cannot mend it.
func asOfDiags(asOf string) hcl.Diagnostics {
	if asOf == "" {
		return nil
	}
	if _, ok := plans.ParseDate(asOf); ok {
		return nil
	}
	return hcl.Diagnostics{{Severity: hcl.DiagError, Summary: "Invalid --as-of",
		Detail: fmt.Sprintf("The --as-of flag %q is not a calendar date. Write it as YYYY-MM-DD with a real day, e.g. --as-of 2027-08-31.", asOf)}}
}
