package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rs/zerolog"
	"go.lsp.dev/jsonrpc2"
)

// frame is one message in the LSP base protocol's framing.
func frame(body string) string {
	return fmt.Sprintf("Content-Length: %d\r\n\r\n%s", len(body), body)
}

// response is what the tests read of a response.
type response struct {
	ID    json.RawMessage `json:"id"`
	Error *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

// rawSession is a Serve on one end of a pipe whose other end the test
// writes bytes to and reads responses from, with the server's log.
type rawSession struct {
	t      *testing.T
	client net.Conn
	in     interface {
		ReadFrame(context.Context) ([]byte, int64, error)
	}
	log  *syncBuffer
	done chan error
}

// serveRaw starts a server with opts.
func serveRaw(t *testing.T, opts Options) *rawSession {
	serverEnd, clientEnd := net.Pipe()
	log := &syncBuffer{}
	opts.Engine.Logger = zerolog.New(log)
	s := &rawSession{t: t, client: clientEnd, log: log, done: make(chan error, 1)}
	s.in = jsonrpc2.NewHeaderStream(clientEnd).(interface {
		ReadFrame(context.Context) ([]byte, int64, error)
	})
	go func() { s.done <- Serve(context.Background(), serverEnd, opts) }()
	t.Cleanup(func() { clientEnd.Close() })
	return s
}

// send writes raw bytes in the background: net.Pipe blocks a write until
// the server has read it, and the server blocks until its answers are read.
func (s *rawSession) send(raw string) {
	go func() { _, _ = io.WriteString(s.client, raw) }()
}

// until reads responses until the one with the given id, and returns the
// ones before it.
func (s *rawSession) until(id string) []response {
	s.t.Helper()
	var got []response
	for {
		_ = s.client.SetReadDeadline(time.Now().Add(5 * time.Second))
		data, _, err := s.in.ReadFrame(context.Background())
		if err != nil {
			s.t.Fatalf("reading responses: %v (read so far: %+v)\nserver log:\n%s", err, got, s.log.String())
		}
		var r response
		if err := json.Unmarshal(data, &r); err != nil {
			s.t.Fatalf("the server sent %q: %v", data, err)
		}
		if string(r.ID) == id {
			return got
		}
		got = append(got, r)
	}
}

// TestMalformedMessages is the regression test for a message with a body
// that is not JSON, which made the server exit: every kind of malformed
// message is answered with a JSON-RPC error or skipped and logged, and the
// server goes on to answer the next request.
func TestMalformedMessages(t *testing.T) {
	const (
		parse   = int(jsonrpc2.ParseError)
		invalid = int(jsonrpc2.InvalidRequest)
	)
	type answer struct {
		id   string // as JSON: null, 7, "a"
		code int    // 0: any error
	}
	tests := []struct {
		name string
		send string
		want []answer // the responses before the next request's
		log  string   // what the server logs
	}{
		{"a body that is not JSON", frame(`{bad`), []answer{{"null", parse}}, "not valid JSON"},
		{"a truncated body", frame(`{"jsonrpc":"2.0","id":1,"method":"initialize"`), []answer{{"null", parse}}, "not valid JSON"},
		{"an empty body", "Content-Length: 0\r\n\r\n", []answer{{"null", parse}}, "not valid JSON"},
		{"JSON that is not an object", frame(`42`), []answer{{"null", invalid}}, "not a JSON-RPC 2.0"},
		{"the wrong protocol version", frame(`{"jsonrpc":"1.0","id":7,"method":"shutdown"}`), []answer{{"7", invalid}}, "not a JSON-RPC 2.0"},
		{"a method with a result", frame(`{"jsonrpc":"2.0","id":"a","method":"x","result":1}`), []answer{{`"a"`, invalid}}, "not a JSON-RPC 2.0"},
		{"a batch that is not JSON", frame(`[{"jsonrpc":"2.0",`), []answer{{"null", parse}}, "not valid JSON"},
		{"no Content-Length", "Content-Type: application/json\r\n\r\n" + `{"jsonrpc":"2.0","id":5,"method":"shutdown"}`, nil, "no Content-Length"},
		{"a Content-Length that is not a number", "Content-Length: many\r\n\r\n{}", nil, "is not a length"},
		{"a Content-Length too large for any integer", "Content-Length: 99999999999999999999999\r\n\r\n{}", nil, "is not a length"},
		{"a header line without a colon", "hello\r\n\r\n", nil, "without a colon"},
		{"a header line too long", strings.Repeat("x", 3*maxHeaderLine) + "\r\n\r\n", nil, "longer than"},
		{"too many header lines", strings.Repeat("X-Noise: 1\r\n", maxHeaderLines+1) + "\r\n", nil, "header lines"},
		{"a body over the size limit", frame(`{"jsonrpc":"2.0","id":3,"method":"shutdown","params":"` + strings.Repeat("x", 2048) + `"}`),
			[]answer{{"null", invalid}}, "larger than the limit"},
		{"an unknown notification", frame(`{"jsonrpc":"2.0","method":"$/unknown","params":{}}`), nil, "ignoring a notification the server does not handle"},
		{"a cancellation", frame(`{"jsonrpc":"2.0","method":"$/cancelRequest","params":{"id":1}}`), nil, "ignoring a notification the server does not handle"},
		{"a notification whose params do not decode", frame(`{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":5}}`), nil, "notification failed"},
		{"a request whose params do not decode", frame(`{"jsonrpc":"2.0","id":8,"method":"textDocument/hover","params":{"textDocument":5}}`), []answer{{"8", 0}}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := serveRaw(t, Options{maxMessage: 1024})
			s.send(tt.send + frame(`{"jsonrpc":"2.0","id":99,"method":"shutdown"}`) + frame(`{"jsonrpc":"2.0","method":"exit"}`))
			got := s.until("99")
			if len(got) != len(tt.want) {
				t.Fatalf("got %d responses before the next request's, want %d: %+v", len(got), len(tt.want), got)
			}
			for i, w := range tt.want {
				if string(got[i].ID) != w.id || got[i].Error == nil || w.code != 0 && got[i].Error.Code != w.code {
					t.Errorf("response %d = id %s, error %+v; want id %s, code %d", i, got[i].ID, got[i].Error, w.id, w.code)
				}
			}
			select {
			case err := <-s.done:
				if err != nil {
					t.Errorf("Serve = %v after shutdown and exit, want nil", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Serve did not return after exit")
			}
			if !strings.Contains(s.log.String(), tt.log) {
				t.Errorf("the server log lacks %q:\n%s", tt.log, s.log.String())
			}
		})
	}
}

// TestOversizedMessageIsNotAllocated checks that a Content-Length of
// almost 1 GiB (under jsonrpc2's own limit) makes the server neither
// allocate it nor fail when the client then goes away.
func TestOversizedMessageIsNotAllocated(t *testing.T) {
	s := serveRaw(t, Options{})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	if _, err := io.WriteString(s.client, "Content-Length: 1073741000\r\n\r\n{\"jsonrpc\""); err != nil {
		t.Fatal(err)
	}
	s.client.Close()
	select {
	case err := <-s.done:
		if err == nil || !strings.Contains(err.Error(), "unexpected EOF") {
			t.Errorf("Serve = %v, want an unexpected EOF", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after the client went away")
	}
	runtime.ReadMemStats(&after)
	if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
		t.Errorf("the server allocated %d MiB for a message it skips", grew>>20)
	}
}

// TestGuard checks that a handler that panics or a notification that fails
// does not end the connection (jsonrpc2 ends it for both): a request that
// panics is answered with an internal error, and the connection goes on.
func TestGuard(t *testing.T) {
	var log syncBuffer
	handler := func(_ context.Context, req *jsonrpc2.Request) (any, error) {
		switch req.Method() {
		case "panic":
			panic("boom")
		case "fail":
			return nil, jsonrpc2.ErrInvalidParams
		case "none":
			return nil, jsonrpc2.ErrMethodNotFound
		}
		return "ok", nil
	}
	serverEnd, clientEnd := net.Pipe()
	server := jsonrpc2.NewConn(jsonrpc2.NewStream(serverEnd))
	server.Go(context.Background(), guard(zerolog.New(&log), handler))
	defer server.Close()
	client := jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd))
	client.Go(context.Background(), jsonrpc2.MethodNotFoundHandler)
	defer client.Close()

	tests := []struct {
		name    string
		method  string
		notify  bool
		wantErr string // the error of a call; "" for none
		log     string
	}{
		{"a request that panics", "panic", false, "quotaplan: internal error in panic: boom", "handler panicked"},
		{"a notification that panics", "panic", true, "", "handler panicked"},
		{"a notification that fails", "fail", true, "", "notification failed"},
		{"a notification the server does not handle", "none", true, "", "ignoring a notification"},
		{"a request that fails", "fail", false, jsonrpc2.ErrInvalidParams.Error(), ""},
		{"a request that succeeds", "ok", false, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.notify {
				err = client.Notify(ctx(t), tt.method, nil)
			} else {
				var result string
				_, err = client.Call(ctx(t), tt.method, nil, &result)
			}
			if tt.wantErr == "" && err != nil || tt.wantErr != "" && fmt.Sprint(err) != tt.wantErr {
				t.Errorf("error = %v, want %q", err, tt.wantErr)
			}
			// A call after it is answered: the connection is still up, and
			// the notification was handled (and logged) before it.
			var result string
			if _, err := client.Call(ctx(t), "ok", nil, &result); err != nil || result != "ok" {
				t.Fatalf("the next call = %q, %v; the connection did not survive", result, err)
			}
			if !strings.Contains(log.String(), tt.log) {
				t.Errorf("log %q lacks %q", log.String(), tt.log)
			}
		})
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
