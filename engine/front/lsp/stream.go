package lsp

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"

	"github.com/rs/zerolog"
	"go.lsp.dev/jsonrpc2"
)

// MaxMessageSize is the largest message body the server reads: far above
// any real request (a didOpen of a large plan file is a few MiB), and small
// enough that a Content-Length from a confused or hostile client cannot
// make the server allocate without bound.
const MaxMessageSize = 64 << 20

// Limits of the header block of a message, for the same reason.
const (
	maxHeaderLine  = 4 << 10 // bytes in one header line
	maxHeaderLines = 32      // lines in one header block
)

// headerMarker is where a message begins; after a malformed header the
// stream skips ahead to the next one.
var headerMarker = []byte("Content-Length:")

// errBadHeader is a header block that cannot be used: the message it
// belongs to cannot be found, so the stream skips to the next one.
type errBadHeader struct{ why string }

func (e errBadHeader) Error() string { return "malformed message header: " + e.why }

// stream is the LSP base protocol's framing (a Content-Length header, a
// blank line, the JSON body) made robust against a client that sends
// garbage, which jsonrpc2's own framing answers by ending the connection.
// It implements jsonrpc2.Stream, and the raw frame methods the connection
// uses when a stream has them:
//
//   - a body that is not JSON is answered with a JSON-RPC Parse error
//     (-32700, id null); JSON that is not a JSON-RPC message with Invalid
//     Request (-32600, with the message's id when it has one);
//   - a body longer than the limit is skipped without being held in memory
//     and answered with Invalid Request (id null);
//   - a malformed header (no Content-Length, an unreadable one, a line or
//     block too long) is skipped up to the next "Content-Length:" (spelt
//     as every client spells it), where the next message presumably
//     begins.
//
// Each of these is logged, and the stream goes on with the next message.
// Writing is left to jsonrpc2's header framing.
type stream struct {
	conn    io.ReadWriteCloser
	in      *bufio.Reader
	out     frameWriter // jsonrpc2's framing of conn, for writing
	maxBody int
	log     zerolog.Logger
	body    []byte // reused for each message
}

// frameWriter is what the stream needs of jsonrpc2's header framing: the
// Stream methods and its raw frame writer.
type frameWriter interface {
	jsonrpc2.Stream
	WriteFrame(ctx context.Context, data []byte) (int64, error)
}

// newStream returns the framing of conn, reading bodies of at most maxBody
// bytes and logging what it skips to log.
func newStream(conn io.ReadWriteCloser, maxBody int, log zerolog.Logger) *stream {
	s := &stream{conn: conn, in: bufio.NewReaderSize(conn, maxHeaderLine), maxBody: maxBody, log: log}
	out, ok := jsonrpc2.NewHeaderStream(conn).(frameWriter)
	if !ok {
		panic("lsp: jsonrpc2's header stream has no WriteFrame") // a change of the pinned module; tests catch it
	}
	s.out = out
	return s
}

// Read implements jsonrpc2.Stream: the next message that decodes. The
// connection reads frames with ReadFrame instead; Read is for other users.
func (s *stream) Read(ctx context.Context) (jsonrpc2.Message, int64, error) {
	body, n, err := s.ReadFrame(ctx)
	if err != nil {
		return nil, 0, err
	}
	msg, err := jsonrpc2.DecodeMessage(body)
	if err != nil { // a batch: ReadFrame passes them on, Read cannot
		return nil, 0, err
	}
	return msg, n, nil
}

// Write implements jsonrpc2.Stream.
func (s *stream) Write(ctx context.Context, msg jsonrpc2.Message) (int64, error) {
	return s.out.Write(ctx, msg)
}

// WriteFrame writes an encoded message (or batch) as one frame.
func (s *stream) WriteFrame(ctx context.Context, data []byte) (int64, error) {
	return s.out.WriteFrame(ctx, data)
}

// Close implements jsonrpc2.Stream: it closes the connection.
func (s *stream) Close() error { return s.conn.Close() }

// ReadFrame returns the body of the next message that is a JSON-RPC message
// or batch, answering and skipping the ones that are not (see stream). The
// body is valid until the next call. Errors are those of the connection:
// io.EOF at a message boundary, errTruncated (an io.ErrUnexpectedEOF)
// inside one.
func (s *stream) ReadFrame(ctx context.Context) ([]byte, int64, error) {
	for {
		if err := ctx.Err(); err != nil {
			return nil, 0, err
		}
		length, headerLen, err := s.readHeader()
		var bad errBadHeader
		if errors.As(err, &bad) {
			s.log.Warn().Str("problem", bad.why).Msg("lsp: skipping a message with a malformed header")
			if err := s.skipToHeader(); err != nil {
				return nil, 0, err
			}
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		if length > int64(s.maxBody) {
			s.log.Warn().Int64("length", length).Int("limit", s.maxBody).Msg("lsp: skipping a message larger than the limit")
			if _, err := io.CopyN(io.Discard, s.in, length); err != nil {
				return nil, 0, unexpected(err)
			}
			s.reply(ctx, jsonrpc2.ID{}, jsonrpc2.InvalidRequest,
				fmt.Sprintf("message of %d bytes is larger than the limit of %d MiB; it was skipped", length, s.maxBody>>20))
			continue
		}
		if cap(s.body) < int(length) {
			s.body = make([]byte, length)
		}
		body := s.body[:length]
		if _, err := io.ReadFull(s.in, body); err != nil {
			return nil, 0, unexpected(err)
		}
		if id, code, why := check(body); code != 0 {
			s.log.Warn().Str("problem", why).Msg("lsp: answering a message that is not JSON-RPC with an error")
			s.reply(ctx, id, code, why)
			continue
		}
		return body, headerLen + length, nil
	}
}

// errTruncated is the end of the stream inside a message.
var errTruncated = fmt.Errorf("lsp: the stream ended in the middle of a message: %w", io.ErrUnexpectedEOF)

// unexpected maps the end of the stream inside a message to errTruncated.
func unexpected(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errTruncated
	}
	return err
}

// readHeader reads a header block and returns the Content-Length it
// declares and the block's length. It returns io.EOF when the stream ends
// cleanly before a block and errBadHeader when the block cannot be used.
func (s *stream) readHeader() (length, consumed int64, err error) {
	length = -1
	for lines := 0; ; lines++ {
		if lines == maxHeaderLines {
			return 0, 0, errBadHeader{fmt.Sprintf("more than %d header lines", maxHeaderLines)}
		}
		line, err := s.in.ReadSlice('\n')
		switch {
		case errors.Is(err, bufio.ErrBufferFull):
			return 0, 0, errBadHeader{fmt.Sprintf("a header line longer than %d bytes", maxHeaderLine)}
		case errors.Is(err, io.EOF) && len(line) == 0 && lines == 0:
			return 0, 0, io.EOF
		case err != nil:
			return 0, 0, unexpected(err)
		}
		consumed += int64(len(line))
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, ok := bytes.Cut(line, []byte(":"))
		if !ok {
			return 0, 0, errBadHeader{fmt.Sprintf("a header line without a colon: %.40q", line)}
		}
		if !bytes.EqualFold(bytes.TrimSpace(name), []byte("Content-Length")) {
			continue // Content-Type and anything else
		}
		n, err := strconv.ParseInt(string(bytes.TrimSpace(value)), 10, 64)
		if err != nil || n < 0 {
			return 0, 0, errBadHeader{fmt.Sprintf("Content-Length %.40q is not a length", value)}
		}
		length = n
	}
	if length < 0 {
		return 0, 0, errBadHeader{"no Content-Length"}
	}
	return length, consumed, nil
}

// skipToHeader discards input up to the next "Content-Length:", where the
// next message presumably begins, or to the end of the stream (io.EOF).
func (s *stream) skipToHeader() error {
	for {
		next, err := s.in.Peek(len(headerMarker))
		if bytes.Equal(next, headerMarker) {
			return nil
		}
		if errors.Is(err, io.EOF) {
			return io.EOF // the peer's last bytes were not a message
		}
		if err != nil {
			return err
		}
		// Skip to the next 'C' that might begin the marker.
		buffered, _ := s.in.Peek(s.in.Buffered())
		skip := len(buffered)
		if i := bytes.IndexByte(buffered[1:], headerMarker[0]); i >= 0 {
			skip = i + 1
		}
		if _, err := s.in.Discard(skip); err != nil {
			return err
		}
	}
}

// check reports why body is not a JSON-RPC message or batch, with the
// error code to answer and the id to answer to (the zero ID, null, when
// it has none), or a zero code when it is one.
func check(body []byte) (jsonrpc2.ID, jsonrpc2.Code, string) {
	if trimmed := bytes.TrimLeft(body, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '[' {
		if _, err := jsonrpc2.ParseRequests(body); err == nil {
			return jsonrpc2.ID{}, 0, "" // members that are not requests are answered by the connection
		}
	} else if _, err := jsonrpc2.DecodeMessage(body); err == nil {
		return jsonrpc2.ID{}, 0, ""
	}
	if !json.Valid(body) {
		return jsonrpc2.ID{}, jsonrpc2.ParseError, "parse error: the message is not valid JSON"
	}
	return idOf(body), jsonrpc2.InvalidRequest, "invalid request: the message is JSON but not a JSON-RPC 2.0 request, notification or response"
}

// idOf returns the id of a JSON object that has a number or string "id",
// or the zero ID.
func idOf(body []byte) jsonrpc2.ID {
	var m struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(body, &m) != nil || len(m.ID) == 0 {
		return jsonrpc2.ID{}
	}
	var str string
	if json.Unmarshal(m.ID, &str) == nil {
		return jsonrpc2.NewStringID(str)
	}
	if n, err := strconv.ParseInt(string(m.ID), 10, 64); err == nil {
		return jsonrpc2.NewNumberID(n)
	}
	return jsonrpc2.ID{}
}

// reply writes an error response, logging a failure to write: the read
// loop notices a broken connection on its next read.
func (s *stream) reply(ctx context.Context, id jsonrpc2.ID, code jsonrpc2.Code, message string) {
	frame := jsonrpc2.AppendResponse(nil, id, nil, jsonrpc2.NewError(code, message))
	if _, err := s.WriteFrame(ctx, frame); err != nil {
		s.log.Warn().Err(err).Msg("lsp: writing an error response")
	}
}
