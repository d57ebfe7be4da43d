package lsp

import (
	"context"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// testClient is an editor talking to a Serve over an in-memory pipe. It
// handles the server's notifications in order.
type testClient struct {
	protocol.UnimplementedClient
	t       testing.TB
	server  protocol.Server
	conn    jsonrpc2.Conn
	diags   chan *protocol.PublishDiagnosticsParams
	done    chan error
	version int32
}

// PublishDiagnostics records what the server published.
func (c *testClient) PublishDiagnostics(_ context.Context, p *protocol.PublishDiagnosticsParams) error {
	c.diags <- p
	return nil
}

// connect starts a server on one end of a pipe and a client on the other,
// and initializes the session.
func connect(t testing.TB, opts Options) *testClient {
	t.Helper()
	return connectContext(t, context.Background(), opts)
}

// connectContext is connect with the context Serve runs under.
func connectContext(t testing.TB, serveCtx context.Context, opts Options) *testClient {
	t.Helper()
	serverEnd, clientEnd := net.Pipe()
	c := &testClient{t: t, diags: make(chan *protocol.PublishDiagnosticsParams, 1024), done: make(chan error, 1)}
	go func() { c.done <- Serve(serveCtx, serverEnd, opts) }()
	c.conn = jsonrpc2.NewConn(jsonrpc2.NewStream(clientEnd), jsonrpc2.WithCodec(codec{}))
	c.conn.Go(context.Background(), protocol.ClientHandler(c, jsonrpc2.MethodNotFoundHandler))
	c.server = protocol.ServerDispatcher(c.conn)
	if _, err := c.server.Initialize(ctx(t), &protocol.InitializeParams{}); err != nil {
		t.Fatalf("initialize: %v", err)
	}
	if err := c.server.Initialized(ctx(t), &protocol.InitializedParams{}); err != nil {
		t.Fatalf("initialized: %v", err)
	}
	t.Cleanup(func() { c.close() })
	return c
}

// close shuts the session down as an editor does and waits for Serve.
func (c *testClient) close() {
	if c.conn == nil {
		return
	}
	_ = c.server.Shutdown(ctx(c.t))
	_ = c.server.Exit(ctx(c.t))
	select {
	case err := <-c.done:
		if err != nil {
			c.t.Errorf("Serve: %v", err)
		}
	case <-time.After(5 * time.Second):
		c.t.Error("Serve did not return after exit")
	}
	c.conn.Close()
	c.conn = nil
}

// ctx is a request context with a timeout, cancelled when the test ends.
func ctx(t testing.TB) context.Context {
	c, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	t.Cleanup(cancel)
	return c
}

// open sends didOpen for a file with the given text.
func (c *testClient) open(path, text string) {
	c.t.Helper()
	c.version++
	err := c.server.DidOpen(ctx(c.t), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: uri.File(path), LanguageID: "hcl", Version: c.version, Text: text}})
	if err != nil {
		c.t.Fatalf("didOpen: %v", err)
	}
}

// change sends didChange with the whole new text and returns its version.
func (c *testClient) change(path, text string) int32 {
	c.t.Helper()
	c.version++
	err := c.server.DidChange(ctx(c.t), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: uri.File(path)}, Version: c.version},
		ContentChanges: []protocol.TextDocumentContentChangeEvent{&protocol.TextDocumentContentChangeWholeDocument{Text: text}},
	})
	if err != nil {
		c.t.Fatalf("didChange: %v", err)
	}
	return c.version
}

// waitDiags waits for a publication for path that satisfies ok and
// returns it.
func (c *testClient) waitDiags(path string, ok func(*protocol.PublishDiagnosticsParams) bool) *protocol.PublishDiagnosticsParams {
	c.t.Helper()
	timeout := time.After(5 * time.Second)
	for {
		select {
		case p := <-c.diags:
			if pathOf(p.URI) == path && ok(p) {
				return p
			}
		case <-timeout:
			c.t.Fatalf("no matching diagnostics for %s within 5s", filepath.Base(path))
			return nil
		}
	}
}

// doc returns the identifier of a file.
func doc(path string) protocol.TextDocumentIdentifier {
	return protocol.TextDocumentIdentifier{URI: uri.File(path)}
}

// writePlan writes files into a new temporary plan directory.
func writePlan(t testing.TB, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
