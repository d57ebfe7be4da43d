package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/diff"
	"github.com/quotaplan/quotaplan/engine/front/session"
)

// ServeCSP is the Content-Security-Policy of every answer of the server:
// scripts, styles and data only from the server itself, no inline script
// or style, no frames, no forms, no plug-ins.
const ServeCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

// heartbeat is how often an idle event stream gets a comment line, so that
// a proxy or the browser does not close it and a gone client is noticed.
const heartbeat = 15 * time.Second

// Options configure a Server.
type Options struct {
	Logger zerolog.Logger
	// Base is the plan as it was at a base revision (serve --base): the
	// diff page compares every valid evaluation with it. Its zero value
	// means no diff page.
	Base diff.Input
	// HasBase says whether Base is set.
	HasBase bool
	// LoopbackOnly refuses requests whose Host header is not localhost or a
	// loopback address (with any port): a page elsewhere that has its own
	// name resolve to 127.0.0.1 (DNS rebinding) cannot read the plan. serve
	// sets it when it listens on a loopback address.
	LoopbackOnly bool
}

// Server is the web view of one plan as an http.Handler. Update hands it
// every evaluation of the plan; it answers from the last valid one and
// shows the diagnostics of the latest. It only answers GET and HEAD, and
// nothing a request names reaches the file system: the pages and scripts
// are embedded, the figures come from the latest evaluation.
type Server struct {
	opts Options
	log  zerolog.Logger

	mu    sync.RWMutex
	cur   *state
	subs  map[chan struct{}]struct{}
	done  chan struct{}
	close sync.Once
}

// state is what the server answers from after one evaluation.
type state struct {
	seq    int
	status Status
	good   *session.Snapshot      // last valid snapshot; nil when none was
	view   []byte                 // the View as JSON, with status
	checks map[string][]CheckView // check results of good by subject
}

// New returns a server that answers with an empty view and a "loading"
// status until its first Update.
func New(opts Options) *Server {
	s := &Server{opts: opts, log: opts.Logger, subs: map[chan struct{}]struct{}{}, done: make(chan struct{})}
	s.cur = &state{status: Status{Empty: true, Diagnostics: []DiagnosticView{}}}
	s.cur.view = s.encodeView(nil, s.cur.status)
	return s
}

// Update records an evaluation: a valid snapshot replaces the figures, an
// invalid one keeps the last valid figures and shows its diagnostics. Open
// pages are told to reload. It is safe to call from any goroutine, as a
// session subscriber or from a watch report.
func (s *Server) Update(sn *session.Snapshot) {
	if sn == nil {
		return
	}
	s.mu.RLock()
	prev := s.cur
	s.mu.RUnlock()
	next := &state{seq: sn.Seq, good: prev.good, checks: prev.checks}
	if sn.OK() {
		next.good = sn
		next.checks = checksBySubject(sn.Result.Checks)
	}
	next.status = statusOf(sn.Seq, sn.OK(), next.good != nil, sn.Diagnostics)
	var in *Input
	if next.good != nil {
		in = s.input(next.good)
	}
	next.view = s.encodeView(in, next.status)
	s.mu.Lock()
	s.cur = next
	for ch := range s.subs {
		select {
		case ch <- struct{}{}:
		default: // a reload is pending already
		}
	}
	s.mu.Unlock()
}

// input is the page input of a valid snapshot, compared with the base
// revision when there is one.
func (s *Server) input(sn *session.Snapshot) *Input {
	in := &Input{Model: sn.Model, Result: sn.Result}
	if s.opts.HasBase {
		in.Diff = diff.Compare(s.opts.Base, diff.FromPlan(sn.Dir, sn.Model.Plan, sn.Result))
	}
	return in
}

// encodeView builds and encodes the view of in (nil: no figures yet).
func (s *Server) encodeView(in *Input, st Status) []byte {
	var v *View
	if in != nil {
		v = buildView(in)
	} else {
		v = &View{Data: map[string]any{}}
	}
	v.Status = st
	b, err := json.Marshal(v)
	if err != nil { // plain data: cannot happen, but never serve half a view
		s.log.Error().Err(err).Msg("encode view")
		return []byte(`{"status":{"ok":false,"empty":true,"diagnostics":[]}}`)
	}
	return b
}

// Close ends every open event stream, so that http.Server.Shutdown is not
// kept waiting by pages that stay open. The server answers requests as
// before.
func (s *Server) Close() { s.close.Do(func() { close(s.done) }) }

// ServeHTTP answers the web view's requests.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", ServeCSP)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
	if s.opts.LoopbackOnly && !loopbackHost(r.Host) {
		http.Error(w, "quotaplan serve answers only requests for localhost or a loopback address", http.StatusMisdirectedRequest)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "quotaplan serve is read-only: only GET and HEAD are answered", http.StatusMethodNotAllowed)
		return
	}
	if r.Method == http.MethodHead {
		w = headWriter{w}
	}
	switch r.URL.Path {
	case "/":
		s.serveShell(w, r)
	case "/api/view":
		s.serveView(w, r)
	case "/api/rep":
		s.serveRep(w, r)
	case "/api/explain":
		s.serveExplain(w, r)
	case "/api/events":
		s.serveEvents(w, r)
	case "/api/source":
		s.serveSource(w, r)
	default:
		if a, ok := assetFor(r.URL.Path); ok {
			h.Set("Content-Type", a.contentType)
			h.Set("Cache-Control", "no-cache")
			h.Set("ETag", a.etag)
			if r.Header.Get("If-None-Match") == a.etag {
				w.WriteHeader(http.StatusNotModified)
				return
			}
			_, _ = w.Write(a.body)
			return
		}
		http.NotFound(w, r)
	}
}

// current returns the state to answer from.
func (s *Server) current() *state {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.cur
}

// serveShell writes the page every address of the view starts from.
func (s *Server) serveShell(w http.ResponseWriter, _ *http.Request) {
	title := "quotaplan"
	if st := s.current(); st.good != nil {
		title = st.good.Result.Plan.Title
	}
	var buf bytes.Buffer
	if err := writeShell(&buf, shellData{Title: title}); err != nil {
		s.log.Error().Err(err).Msg("render page")
		http.Error(w, "cannot render the page", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(buf.Bytes())
}

// serveView writes the View as JSON.
func (s *Server) serveView(w http.ResponseWriter, _ *http.Request) {
	writeJSONBytes(w, http.StatusOK, s.current().view)
}

// serveRep writes the RepDetail of ?id=.
func (s *Server) serveRep(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	if st.good == nil {
		writeError(w, http.StatusServiceUnavailable, "the plan has no valid evaluation yet")
		return
	}
	id := r.URL.Query().Get("id")
	rep := st.good.Result.Rep(id)
	if rep == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("no rep %q in the plan", id))
		return
	}
	writeJSON(w, http.StatusOK, repDetail(st.good.Result, rep, st.checks[id]))
}

// serveExplain writes the explanation of ?rep=&measure=&period=.
func (s *Server) serveExplain(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	if st.good == nil {
		writeError(w, http.StatusServiceUnavailable, "the plan has no valid evaluation yet")
		return
	}
	q := r.URL.Query()
	rep, measure, period := q.Get("rep"), q.Get("measure"), q.Get("period")
	if rep == "" || measure == "" {
		writeError(w, http.StatusBadRequest, "explain needs rep and measure (and optionally period)")
		return
	}
	n, err := explain(st.good.Explainer(), rep, measure, period)
	if err != nil {
		status := http.StatusNotFound
		if errors.Is(err, engine.ErrNotExplainable) {
			status = http.StatusServiceUnavailable
		}
		writeError(w, status, err.Error())
		return
	}
	writeJSON(w, http.StatusOK, n)
}

// serveSource writes the lines around ?line= of the plan file ?file=, from
// the files the last valid evaluation read: never from the disk, and only
// files of the plan.
func (s *Server) serveSource(w http.ResponseWriter, r *http.Request) {
	st := s.current()
	if st.good == nil {
		writeError(w, http.StatusServiceUnavailable, "the plan has no valid evaluation yet")
		return
	}
	q := r.URL.Query()
	file := q.Get("file")
	line, err := strconv.Atoi(q.Get("line"))
	src, ok := sourceOf(st.good.Sources, file)
	if !ok {
		writeError(w, http.StatusNotFound, fmt.Sprintf("%q is not a file of the plan", file))
		return
	}
	ex := excerpt(file, src, line)
	if err != nil || ex == nil {
		writeError(w, http.StatusNotFound, fmt.Sprintf("%s has no line %q", file, q.Get("line")))
		return
	}
	writeJSON(w, http.StatusOK, ex)
}

// explain explains one figure as a NodeView.
func explain(x *engine.Explainer, rep, measure, period string) (*NodeView, error) {
	if x == nil {
		return nil, engine.ErrNotExplainable
	}
	n, err := x.Rep(rep, measure, period, engine.ExplainOptions{})
	if err != nil {
		return nil, err
	}
	return nodeView(n, 0), nil
}

// serveEvents streams server-sent events: "update" with the sequence
// number of the evaluation after every evaluation, until the client goes
// or the server closes.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "streaming is not supported")
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	if r.Method == http.MethodHead {
		return
	}
	ch := make(chan struct{}, 1)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.subs, ch)
		s.mu.Unlock()
	}()
	send := func() bool {
		_, err := fmt.Fprintf(w, "event: update\ndata: {\"seq\":%s}\n\n", strconv.Itoa(s.current().seq))
		fl.Flush()
		return err == nil
	}
	if _, err := fmt.Fprint(w, "retry: 1000\n\n"); err != nil {
		return
	}
	if !send() {
		return
	}
	tick := time.NewTicker(heartbeat)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ch:
			if !send() {
				return
			}
		case <-tick.C:
			if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
				return
			}
			fl.Flush()
		}
	}
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) {
	b, err := json.Marshal(v)
	if err != nil {
		writeError(w, http.StatusInternalServerError, "cannot encode the answer")
		return
	}
	writeJSONBytes(w, status, b)
}

// writeJSONBytes writes encoded JSON with status.
func writeJSONBytes(w http.ResponseWriter, status int, b []byte) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// writeError writes {"error": msg} with status.
func writeError(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal(map[string]string{"error": msg})
	writeJSONBytes(w, status, b)
}

// Serve runs the web view of srv on hs until ctx ends, then closes the
// event streams and shuts hs down, waiting at most grace for requests in
// progress.
func Serve(ctx context.Context, hs *http.Server, srv *Server, serve func() error, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- serve() }()
	select {
	case err := <-errc:
		srv.Close()
		if errors.Is(err, http.ErrServerClosed) {
			return nil
		}
		return err
	case <-ctx.Done():
	}
	srv.Close()
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil {
		_ = hs.Close()
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loopbackHost reports whether a Host header names this machine:
// localhost or a loopback IP, with or without a port.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// headWriter answers a HEAD request: the headers of a GET, no body.
type headWriter struct{ http.ResponseWriter }

func (headWriter) Write(p []byte) (int, error) { return len(p), nil }

// Flush passes flushes on, so that streams answer HEAD with their headers.
func (h headWriter) Flush() {
	if f, ok := h.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
