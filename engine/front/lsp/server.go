package lsp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/hcl/v2"
	"github.com/rs/zerolog"
	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/session"
)

// Options configure Serve.
type Options struct {
	// Engine holds the scenario, variables, imports policy and logger used
	// for every evaluation; the server sets its Overlay.
	Engine engine.Options
	// Version is reported to the client as the server's version.
	Version string

	// maxMessage is the largest message body read; 0 means MaxMessageSize.
	maxMessage int
	// load loads a plan directory: engine.Load, unless a test replaces it.
	load func(dir string, opts engine.Options) (*engine.Model, map[string][]byte, hcl.Diagnostics)
}

// ErrExitWithoutShutdown is returned by Serve when the client sent "exit"
// without "shutdown" first; the LSP asks the server to exit with code 1.
var ErrExitWithoutShutdown = errors.New("lsp: exit without shutdown")

// closeWait bounds how long Serve waits, once it is done, for the
// evaluation in progress to stop and then for the connection to close: an
// evaluation blocked reading a named pipe, or a read blocked on a terminal
// or pipe that the client keeps open, cannot always be interrupted.
const closeWait = time.Second

// Serve runs the language server on rwc (stdin and stdout for an editor)
// until the client sends "exit", closes the stream, or ctx ends.
// Requests are handled in the order they arrive; evaluations run in the
// background and publish their diagnostics when done.
//
// A client's mistakes do not end the session: a message that is not
// JSON-RPC is answered with an error (see stream), a notification that
// fails is logged, and a request that panics is answered with an internal
// error. Once ctx ends, Serve returns within a few seconds even if an
// evaluation or a read is stuck.
func Serve(ctx context.Context, rwc io.ReadWriteCloser, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	log := opts.Engine.Logger
	maxMessage := opts.maxMessage
	if maxMessage <= 0 {
		maxMessage = MaxMessageSize
	}
	conn := jsonrpc2.NewConn(newStream(rwc, maxMessage, log), jsonrpc2.WithCodec(codec{}))
	s := newServer(opts, protocol.ClientDispatcher(conn))
	conn.Go(ctx, guard(log, protocol.ServerHandler(s, jsonrpc2.MethodNotFoundHandler)))
	var wg sync.WaitGroup
	wg.Go(func() { s.work(ctx) })
	select {
	case <-conn.Done():
	case <-ctx.Done():
	case <-s.exited:
	}
	cancel()
	if !waitAtMost(wg.Wait, closeWait) {
		log.Warn().Msg("lsp: an evaluation did not stop in time; leaving it behind")
	}
	waitAtMost(func() { conn.Close() }, closeWait)
	if s.exitWithoutShutdown() {
		return ErrExitWithoutShutdown
	}
	return conn.Err()
}

// waitAtMost runs f and waits at most d for it to return, reporting
// whether it did. f goes on in the background when it does not.
func waitAtMost(f func(), d time.Duration) bool {
	done := make(chan struct{})
	go func() {
		f()
		close(done)
	}()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// guard keeps a request or notification from ending the session: a
// handler that panics (a bug, perhaps in a rule's evaluation behind a
// hover) answers a request with an internal error, and a notification
// that fails (parameters that do not decode, a method the server does not
// handle such as $/cancelRequest) is logged and dropped. jsonrpc2 ends the
// connection in both cases otherwise.
func guard(log zerolog.Logger, h jsonrpc2.Handler) jsonrpc2.Handler {
	return func(ctx context.Context, req *jsonrpc2.Request) (result any, err error) {
		defer func() {
			if p := recover(); p != nil {
				log.Error().Str("method", req.Method()).Str("panic", fmt.Sprint(p)).Msg("lsp: handler panicked")
				log.Debug().Str("method", req.Method()).Str("stack", string(debug.Stack())).Msg("lsp: handler panicked")
				result, err = nil, jsonrpc2.Errorf(jsonrpc2.InternalError, "quotaplan: internal error in %s: %v", req.Method(), p)
			}
			switch {
			case err == nil || req.IsCall():
			case errors.Is(err, jsonrpc2.ErrMethodNotFound): // $/cancelRequest and the like: editors send them all the time
				log.Debug().Str("method", req.Method()).Msg("lsp: ignoring a notification the server does not handle")
				err = nil
			default:
				log.Warn().Str("method", req.Method()).Err(err).Msg("lsp: notification failed")
				err = nil
			}
		}()
		return h(ctx, req)
	}
}

// codec marshals LSP payloads with the protocol package's union-aware
// encoder, so that Serve can dispatch requests in order (protocol.NewServer
// would handle them concurrently, and a change could overtake the one
// before it).
type codec struct{}

// Marshal implements jsonrpc2.Codec.
func (codec) Marshal(v any) ([]byte, error) {
	if raw, ok := v.(jsonrpc2.RawMessage); ok {
		if raw == nil {
			return []byte("null"), nil
		}
		return raw, nil
	}
	return protocol.Marshal(v)
}

// Unmarshal implements jsonrpc2.Codec.
func (codec) Unmarshal(data []byte, v any) error {
	if raw, ok := v.(*jsonrpc2.RawMessage); ok {
		*raw = append(jsonrpc2.RawMessage(nil), data...)
		return nil
	}
	return protocol.Unmarshal(data, v)
}

// server holds the open documents and the evaluations of their plan
// directories.
type server struct {
	protocol.UnimplementedServer

	opts   Options
	client protocol.Client
	wake   chan struct{} // a directory needs evaluating
	exited chan struct{} // closed by "exit"

	mu       sync.Mutex
	docs     map[string]*document // open documents by file path
	dirs     map[string]*planDir  // plan directories of open plan files
	shutdown bool
	exit     bool
}

// document is a file open in the editor, or read from disk for a request.
type document struct {
	uri     uri.URI
	path    string
	version int32
	text    []byte
	csv     bool   // a data file (a .csv name or the csv language), not a plan file
	dir     string // the plan directory it belongs to; "" when none was found

	once   sync.Once
	parsed *parsed // what requests read of text, built by the first of them
}

// parsed is a document's text made ready for requests: its line index, and
// its blocks (a plan file) or records (a CSV file).
type parsed struct {
	text   *text
	blocks []block
	rows   *csvText
}

// parse returns the document's parsed text, parsing it on first use.
func (d *document) parse() *parsed {
	d.once.Do(func() {
		p := &parsed{text: newText(d.text)}
		if d.csv {
			p.rows = parseCSV(p.text)
		} else {
			p.blocks = parseBlocks(d.text, d.path)
		}
		d.parsed = p
	})
	return d.parsed
}

// newServer returns a server that publishes to client.
func newServer(opts Options, client protocol.Client) *server {
	return &server{
		opts: opts, client: client,
		wake: make(chan struct{}, 1), exited: make(chan struct{}),
		docs: map[string]*document{}, dirs: map[string]*planDir{},
	}
}

// Initialize implements protocol.Server.
func (s *server) Initialize(context.Context, *protocol.InitializeParams) (*protocol.InitializeResult, error) {
	yes := true
	full := protocol.TextDocumentSyncKindFull
	return &protocol.InitializeResult{
		Capabilities: protocol.ServerCapabilities{
			PositionEncoding: protocol.PositionEncodingKindUTF16,
			TextDocumentSync: &protocol.TextDocumentSyncOptions{
				OpenClose: &yes, Change: &full, Save: protocol.Boolean(true),
			},
			HoverProvider:              protocol.Boolean(true),
			CompletionProvider:         &protocol.CompletionOptions{TriggerCharacters: []string{"."}},
			DefinitionProvider:         protocol.Boolean(true),
			DocumentSymbolProvider:     protocol.Boolean(true),
			DocumentFormattingProvider: protocol.Boolean(true),
			InlayHintProvider:          protocol.Boolean(true),
			CodeLensProvider:           &protocol.CodeLensOptions{},
		},
		ServerInfo: protocol.ServerInfo{Name: "quotaplan", Version: protocol.NewOptional(s.opts.Version)},
	}, nil
}

// Initialized implements protocol.Server.
func (s *server) Initialized(context.Context, *protocol.InitializedParams) error { return nil }

// Shutdown implements protocol.Server.
func (s *server) Shutdown(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown = true
	return nil
}

// Exit implements protocol.Server: Serve returns.
func (s *server) Exit(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exit {
		s.exit = true
		close(s.exited)
	}
	return nil
}

// exitWithoutShutdown reports whether "exit" came without "shutdown".
func (s *server) exitWithoutShutdown() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.exit && !s.shutdown
}

// DidOpen implements protocol.Server. A document whose name ends in .csv,
// or whose language is csv, is a data file: it is evaluated with the plan
// that imports it (see csvPlanDir).
func (s *server) DidOpen(_ context.Context, p *protocol.DidOpenTextDocumentParams) error {
	d := p.TextDocument
	path := pathOf(d.URI)
	s.update(d.URI, d.Version, []byte(d.Text), s.kindOf(path, strings.EqualFold(string(d.LanguageID), "csv")))
	return nil
}

// DidChange implements protocol.Server. The server asks for full-text
// synchronisation, so the last change holds the whole document, which
// keeps the kind and plan directory it was opened with.
func (s *server) DidChange(_ context.Context, p *protocol.DidChangeTextDocumentParams) error {
	for i := len(p.ContentChanges) - 1; i >= 0; i-- {
		if whole, ok := p.ContentChanges[i].(*protocol.TextDocumentContentChangeWholeDocument); ok {
			path := pathOf(p.TextDocument.URI)
			s.mu.Lock()
			prev, ok := s.docs[path]
			s.mu.Unlock()
			var k docKind
			if ok {
				k = docKind{csv: prev.csv, dir: prev.dir}
			} else { // a change without an open: read as opened
				k = s.kindOf(path, false)
			}
			s.update(p.TextDocument.URI, p.TextDocument.Version, []byte(whole.Text), k)
			return nil
		}
	}
	return nil
}

// DidSave implements protocol.Server: files on disk may have changed too,
// and a saved plan file may now import an open CSV file that no plan
// imported before.
func (s *server) DidSave(_ context.Context, p *protocol.DidSaveTextDocumentParams) error {
	path := pathOf(p.TextDocument.URI)
	if isPlanFile(path) {
		s.adoptData()
	}
	s.mu.Lock()
	s.markDirty(path)
	s.mu.Unlock()
	s.signal()
	return nil
}

// adoptData looks again for the plans of the open CSV files that belong
// to none.
func (s *server) adoptData() {
	s.mu.Lock()
	var orphans []*document
	for _, d := range s.docs {
		if d.csv && d.dir == "" {
			orphans = append(orphans, d)
		}
	}
	s.mu.Unlock()
	for _, d := range orphans {
		if k := s.kindOf(d.path, true); k.dir != "" {
			s.mu.Lock()
			current := s.docs[d.path] == d // not changed or closed meanwhile
			s.mu.Unlock()
			if current {
				s.update(d.uri, d.version, d.text, k)
			}
		}
	}
}

// DidClose implements protocol.Server: the file is read from disk again.
func (s *server) DidClose(_ context.Context, p *protocol.DidCloseTextDocumentParams) error {
	path := pathOf(p.TextDocument.URI)
	s.mu.Lock()
	delete(s.docs, path)
	s.markDirty(path)
	s.mu.Unlock()
	s.signal()
	return nil
}

// docKind is what a document is: a plan file or a data file, and the plan
// directory it belongs to ("" for none).
type docKind struct {
	csv bool
	dir string
}

// kindOf works out the kind of a file, opened as CSV or not: a plan file
// belongs to its directory, a CSV file to the plan that imports it, and
// any other file (a plain-text file an editor sends) to none.
func (s *server) kindOf(path string, csvLanguage bool) docKind {
	switch {
	case isPlanFile(path):
		return docKind{dir: filepath.Dir(path)}
	case isCSVFile(path) || csvLanguage:
		return docKind{csv: true, dir: s.csvPlanDir(path)}
	}
	return docKind{}
}

// update stores the text of an open document of kind k and schedules the
// evaluation of its plan directory.
func (s *server) update(u uri.URI, version int32, text []byte, k docKind) {
	path := pathOf(u)
	s.mu.Lock()
	s.docs[path] = &document{uri: u, path: path, version: version, text: text, csv: k.csv, dir: k.dir}
	if k.dir != "" && s.dirs[k.dir] == nil {
		s.dirs[k.dir] = &planDir{dir: k.dir, published: map[string]bool{},
			sess: session.New(k.dir, session.Options{Engine: s.opts.Engine, Load: s.opts.load})}
	}
	s.markDirty(path)
	s.mu.Unlock()
	s.signal()
}

// markDirty schedules the evaluation of the plan directories a changed
// file may belong to: its own for a plan file, every one for a data file
// (imports can name files anywhere). s.mu is held.
func (s *server) markDirty(path string) {
	for dir, pd := range s.dirs {
		if !isPlanFile(path) || dir == filepath.Dir(path) {
			pd.dirty = true
		}
	}
}

// signal wakes the evaluation worker.
func (s *server) signal() {
	select {
	case s.wake <- struct{}{}:
	default:
	}
}

// isPlanFile reports whether path names a plan file.
func isPlanFile(path string) bool { return filepath.Ext(path) == ".hcl" }

// isCSVFile reports whether path names a CSV file.
func isCSVFile(path string) bool { return strings.EqualFold(filepath.Ext(path), ".csv") }

// maxDiskSource bounds the size of a file read from disk for a request.
const maxDiskSource = MaxMessageSize

// source returns the current text of a file: the editor's buffer when it
// is open, else the file on disk when it is a regular file of at most
// maxDiskSource bytes (a named pipe would block the request forever).
func (s *server) source(path string) ([]byte, bool) {
	s.mu.Lock()
	d, ok := s.docs[path]
	s.mu.Unlock()
	if ok {
		return d.text, true
	}
	if info, err := os.Stat(path); err != nil || !info.Mode().IsRegular() || info.Size() > maxDiskSource {
		return nil, false
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, false
	}
	defer f.Close()
	src, err := io.ReadAll(io.LimitReader(f, maxDiskSource+1))
	return src, err == nil && len(src) <= maxDiskSource
}

// document returns the open document of a file, or one read from disk
// when it is not open; false when it cannot be read.
func (s *server) document(path string) (*document, bool) {
	s.mu.Lock()
	d, ok := s.docs[path]
	s.mu.Unlock()
	if ok {
		return d, true
	}
	src, ok := s.source(path)
	if !ok {
		return nil, false
	}
	k := s.kindOf(path, false)
	return &document{uri: uri.File(path), path: path, text: src, csv: k.csv, dir: k.dir}, true
}

// pathOf is the file path of a file URI.
func pathOf(u uri.URI) string { return filepath.Clean(u.FsPath()) }
