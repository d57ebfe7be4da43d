package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/session"
	"github.com/quotaplan/quotaplan/engine/front/watch"
	"github.com/quotaplan/quotaplan/engine/front/web"
)

// starter is the starter example plan, relative to this package.
var starter = filepath.Join("..", "..", "..", "examples", "starter")

// copyPlan copies the plan directory src into a new temporary directory
// and returns it.
func copyPlan(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(src, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}

// editPlan replaces old with new in the plan file name of dir, saving it
// as editors do: a temporary file renamed over the original.
func editPlan(t *testing.T, dir, name, old, new string) {
	t.Helper()
	path := filepath.Join(dir, name)
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s does not contain %q", name, old)
	}
	tmp := path + ".tmp~"
	if err := os.WriteFile(tmp, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(tmp, path); err != nil {
		t.Fatal(err)
	}
}

// evaluate evaluates the plan in dir once.
func evaluate(t testing.TB, dir string) *session.Snapshot {
	t.Helper()
	sn, _, err := session.New(dir, session.Options{}).Evaluate(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sn.OK() {
		t.Fatalf("plan %s is invalid: %v", dir, sn.Diagnostics)
	}
	return sn
}

// served is a plan served over HTTP and watched for changes.
type served struct {
	dir string
	srv *web.Server
	ts  *httptest.Server
	mu  sync.Mutex
	seq int
}

// serve serves the plan in dir as `quotaplan serve` does: a watch loop
// feeding a web.Server. It waits for the first evaluation.
func serve(t *testing.T, dir string, opts web.Options) *served {
	t.Helper()
	s := &served{dir: dir, srv: web.New(opts)}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = watch.Run(ctx, dir, watch.Options{Debounce: 20 * time.Millisecond}, func(r watch.Report) {
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

// waitSeq waits until the watch loop has reported evaluation seq.
func (s *served) waitSeq(t *testing.T, seq int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		s.mu.Lock()
		n := s.seq
		s.mu.Unlock()
		if n >= seq {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("evaluation %d never came", seq)
}

// get fetches path from the server and returns the response and its body.
func get(t *testing.T, h http.Handler, method, path string) (*http.Response, string) {
	t.Helper()
	req := httptest.NewRequest(method, path, nil)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	res := rec.Result()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// viewOf decodes a View.
func viewOf(t *testing.T, body string) web.View {
	t.Helper()
	var v web.View
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode view: %v\n%s", err, body)
	}
	return v
}

// snapshotOf evaluates dir and wraps it as a page input.
func inputOf(t testing.TB, dir string) (*web.Input, *engine.Result) {
	sn := evaluate(t, dir)
	return &web.Input{Model: sn.Model, Result: sn.Result}, sn.Result
}

// newTestServer serves h over HTTP until the test ends and returns its
// base URL.
func newTestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL
}
