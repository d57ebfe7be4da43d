package web_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/watch"
	"github.com/quotaplan/quotaplan/engine/front/web"
)

// actualsPlan is the engine's hand-computed plan with deals and forecasts.
var actualsPlan = filepath.Join("..", "..", "testdata", "actuals")

// serveWith serves dir as `quotaplan serve` does with the engine options
// of its flags (--as-of, --scenario, --var), and waits for the first
// evaluation.
func serveWith(t *testing.T, dir string, eopts engine.Options) *served {
	t.Helper()
	s := &served{dir: dir, srv: web.New(web.Options{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = watch.Run(ctx, dir, watch.Options{Engine: eopts, Debounce: 20 * time.Millisecond}, func(r watch.Report) {
			s.srv.Update(r.Snapshot)
			s.mu.Lock()
			s.seq = r.Seq
			s.mu.Unlock()
		})
	}()
	s.ts = httptest.NewServer(s.srv)
	t.Cleanup(func() {
		s.srv.Close()
		s.ts.Close()
		cancel()
		<-done
	})
	s.waitSeq(t, 1)
	return s
}

// TestServeAsOf: the view of a plan served with --as-of reads the plan as
// of that day, not as of its own as_of.
func TestServeAsOf(t *testing.T) {
	for _, tc := range []struct{ flag, want string }{{"", "2027-04-15"}, {"2027-02-28", "2027-02-28"}} {
		s := serveWith(t, actualsPlan, engine.Options{AsOf: tc.flag})
		res, body := get(t, s.srv, http.MethodGet, "/api/view")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("--as-of %q: GET /api/view: %d", tc.flag, res.StatusCode)
		}
		if v := viewOf(t, body); v.Plan.AsOf != tc.want || !v.Status.OK {
			t.Errorf("--as-of %q: the view reads as of %q (ok %v), want %s", tc.flag, v.Plan.AsOf, v.Status.OK, tc.want)
		}
	}
}

// engineOpts are the engine options of `--as-of asOf` ("" for none).
func engineOpts(asOf string) engine.Options { return engine.Options{AsOf: asOf} }
