package render

import (
	"fmt"
	"io"
	"math"
	"reflect"
	"runtime"
	"strconv"
	"sync/atomic"
	"unicode/utf8"

	"github.com/quotaplan/quotaplan/engine"
)

// JSON writes the stable JSON result of `eval --format json` (plans/LANGUAGE.md section
// 11): exactly its keys in its order, arrays sorted by id (checks by check,
// then subject), map keys sorted, numbers printed with engine.FormatNumber,
// 2-space indentation and a trailing newline. The same Result always gives
// the same bytes.
//
// Further keys appear only when the plan uses what fills them, so a plan
// without it keeps its bytes: "lets" (plan lets, after "vars"), a rep's
// "attributes" (its custom attributes, when some rep has one) and "lets"
// (rep lets), a territory's "lets", "rollup": false on a rep's quota of a
// measure that does not roll up, and with waive blocks "as_of", a failed
// check's "waiver", "waivers" and the summary's "waived".
//
// The result is streamed to w in chunks as it is encoded, without building
// the whole text in memory. Every value that could fail to encode (the
// variables) is encoded before the first byte is written, so a value that
// cannot be encoded is an error naming its path and nothing is written;
// after that only a write error of w can stop the output.
func JSON(w io.Writer, r *engine.Result) error {
	if r == nil {
		return fmt.Errorf("render json: no result")
	}
	vars := jsonWriter{depth: 1}
	if err := vars.value(r.Vars); err != nil {
		return fmt.Errorf("render json: vars: %w", err)
	}
	e := newJSONWriter(w)
	e.open('{')
	e.key("format_version")
	e.str(engine.FormatVersion)
	e.key("plan")
	e.plan(r.Plan)
	e.key("scenario")
	e.nullable(r.Scenario)
	e.key("vars")
	e.raw(vars.buf)
	if (r.Waivers != nil || r.Credits != nil) && r.Plan.AsOf != "" {
		e.key("as_of")
		e.str(r.Plan.AsOf)
	}
	if names := r.LetNames(engine.SubjectPlan); len(names) > 0 {
		e.key("lets")
		e.lets(r, engine.Subject{Kind: engine.SubjectPlan, ID: r.Plan.ID}, names)
	}
	e.key("periods")
	e.periods(r)
	e.key("reps")
	e.reps(r)
	e.key("territories")
	e.territories(r)
	e.key("goals")
	e.goals(r)
	e.key("checks")
	e.checks(r)
	if r.Waivers != nil {
		e.key("waivers")
		e.waivers(r)
	}
	if r.Credits != nil {
		e.creditKeys(r)
	}
	e.key("summary")
	e.summary(r)
	e.close('}')
	return e.finish("render json")
}

// lets writes the lets of subject s as {"<name>": value} in name order.
func (e *jsonWriter) lets(r *engine.Result, s engine.Subject, names []string) {
	e.open('{')
	for _, name := range names {
		e.key(name)
		v, _ := r.Let(s, name)
		e.num(v)
	}
	e.close('}')
}

// waivers writes the plan's waivers with what each did to its result.
func (e *jsonWriter) waivers(r *engine.Result) {
	e.open('[')
	for _, w := range r.Waivers {
		e.next()
		e.open('{')
		e.key("id")
		e.str(w.ID)
		e.key("check")
		e.str(w.Check)
		e.key("subject")
		e.str(w.Subject)
		e.key("reason")
		e.str(w.Reason)
		e.key("until")
		e.str(w.Until)
		e.key("status")
		e.str(w.Status)
		e.close('}')
	}
	e.close(']')
}

// flushSize is how many encoded bytes jsonWriter collects before it writes
// them out.
const flushSize = 64 << 10

// jsonWriter encodes JSON with 2-space indentation, one member or element
// per line, appending to buf and writing buf out to out whenever it holds
// flushSize bytes. With a nil out it keeps everything in buf. The first
// write error is kept in err and ends all further writing.
type jsonWriter struct {
	out   io.Writer
	buf   []byte
	err   error
	depth int
	// filled[i] tells whether the container open at depth i+1 already holds
	// a member or element.
	filled []bool
	// periodKeys and quarterKeys are the encoded keys `"2027-02": ` of
	// the result's periods and quarters, built once per rendering.
	periodKeys, quarterKeys [][]byte
}

// newJSONWriter returns a jsonWriter that streams to out.
func newJSONWriter(out io.Writer) *jsonWriter {
	return &jsonWriter{out: out, buf: make([]byte, 0, flushSize+4<<10)}
}

// finish ends the document with a newline and writes what is left; errors
// are wrapped with context.
func (e *jsonWriter) finish(context string) error {
	e.buf = append(e.buf, '\n')
	e.flush()
	if e.err != nil {
		return fmt.Errorf("%s: %w", context, e.err)
	}
	return nil
}

// flush writes the collected bytes to out.
func (e *jsonWriter) flush() {
	if e.out == nil || len(e.buf) == 0 {
		return
	}
	if e.err == nil {
		_, e.err = e.out.Write(e.buf)
	}
	e.buf = e.buf[:0]
}

// open starts an object ('{') or array ('[').
func (e *jsonWriter) open(c byte) {
	e.buf = append(e.buf, c)
	e.filled = append(e.filled, false)
	e.depth++
}

// close ends the innermost object ('}') or array (']'); an empty one is
// written as {} or [].
func (e *jsonWriter) close(c byte) {
	e.depth--
	filled := e.filled[len(e.filled)-1]
	e.filled = e.filled[:len(e.filled)-1]
	if filled {
		e.newline()
	}
	e.buf = append(e.buf, c)
}

// next starts a member or element of the innermost container: a comma
// after the previous one, a line break and the indentation.
func (e *jsonWriter) next() {
	if len(e.buf) >= flushSize {
		e.flush()
	}
	top := len(e.filled) - 1
	if e.filled[top] {
		e.buf = append(e.buf, ',')
	}
	e.filled[top] = true
	e.newline()
}

// spaces is indentation to copy from, for up to 16 levels at a time.
const spaces = "                                "

// newline writes a line break and two spaces per depth.
func (e *jsonWriter) newline() {
	e.buf = append(e.buf, '\n')
	for n := 2 * e.depth; n > 0; {
		k := min(n, len(spaces))
		e.buf = append(e.buf, spaces[:k]...)
		n -= k
	}
}

// key starts an object member named k.
func (e *jsonWriter) key(k string) {
	e.next()
	e.buf = appendQuoted(e.buf, k)
	e.buf = append(e.buf, ':', ' ')
}

// rawKey starts an object member whose key is already encoded with its
// quotes, colon and space (encodedKey).
func (e *jsonWriter) rawKey(k []byte) {
	e.next()
	e.buf = append(e.buf, k...)
}

// encodedKey encodes an object key with its quotes, colon and space, for
// rawKey.
func encodedKey(k string) []byte { return append(appendQuoted(nil, k), ':', ' ') }

// Keys of the reps, quotas and checks, which are many, encoded once.
var (
	keyID, keyName, keyRole  = encodedKey("id"), encodedKey("name"), encodedKey("role")
	keyTerritory, keyManager = encodedKey("territory"), encodedKey("manager")
	keyQuotas, keyUnit       = encodedKey("quotas"), encodedKey("unit")
	keyTotal, keyFull        = encodedKey("total"), encodedKey("full")
	keyPeriods, keyQuarters  = encodedKey("periods"), encodedKey("quarters")
	keyCheck, keySeverity    = encodedKey("check"), encodedKey("severity")
	keySubject, keyStatus    = encodedKey("subject"), encodedKey("status")
	keyMessage, keyWaiver    = encodedKey("message"), encodedKey("waiver")
	keyAttributes, keyLets   = encodedKey("attributes"), encodedKey("lets")
	keyRollup                = encodedKey("rollup")
)

// str writes a string.
func (e *jsonWriter) str(s string) { e.buf = appendQuoted(e.buf, s) }

// nullable writes null for "", else the string s.
func (e *jsonWriter) nullable(s string) {
	if s == "" {
		e.null()
		return
	}
	e.str(s)
}

// null writes null.
func (e *jsonWriter) null() { e.buf = append(e.buf, "null"...) }

// num writes a number as engine.FormatNumber prints it; NaN and
// infinities, which JSON cannot hold and the engine never produces, are
// written as null.
func (e *jsonWriter) num(v float64) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		e.null()
		return
	}
	e.buf = appendNumber(e.buf, v)
}

// int writes an integer.
func (e *jsonWriter) int(n int) { e.buf = strconv.AppendInt(e.buf, int64(n), 10) }

// raw writes bytes that are already encoded.
func (e *jsonWriter) raw(b []byte) { e.buf = append(e.buf, b...) }

// plan writes the plan object.
func (e *jsonWriter) plan(p engine.PlanInfo) {
	e.open('{')
	e.key("id")
	e.str(p.ID)
	e.key("title")
	e.str(p.Title)
	e.key("start")
	e.str(p.Start)
	e.key("months")
	e.int(p.Months)
	e.key("currency")
	e.str(p.Currency)
	e.close('}')
}

// periods writes the period ids in plan order.
func (e *jsonWriter) periods(r *engine.Result) {
	e.open('[')
	for _, p := range r.Periods {
		e.next()
		e.str(p.ID)
	}
	e.close(']')
}

// reps writes the reps with their quotas by measure.
func (e *jsonWriter) reps(r *engine.Result) {
	e.periodKeys = make([][]byte, len(r.Periods))
	for i, p := range r.Periods {
		e.periodKeys[i] = encodedKey(p.ID)
	}
	e.quarterKeys = make([][]byte, len(r.Quarters))
	for i, q := range r.Quarters {
		e.quarterKeys[i] = encodedKey(q.ID)
	}
	list := reps(r)
	x := repExtras{attrs: r.HasCustomAttrs(), lets: r.LetNames(engine.SubjectRep)}
	e.elements(len(list), func(p *jsonWriter, i int) { p.rep(r, list[i], x) })
}

// repExtras says which keys beyond the stable ones every rep gets, by
// what the plan uses: "attributes" when some rep has a custom attribute,
// "lets" with the names of the plan's rep lets.
type repExtras struct {
	attrs bool
	lets  []string
}

// elements writes an array of n elements, element i written by write.
// A long array is cut into chunks of elementChunk elements, encoded by one
// goroutine per CPU into a ring of buffers while this goroutine writes the
// finished ones out in order: the bytes are those one goroutine would
// write, writing overlaps encoding, and memory stays one ring.
func (e *jsonWriter) elements(n int, write func(p *jsonWriter, i int)) {
	e.open('[')
	workers := runtime.GOMAXPROCS(0)
	if workers == 1 || n < 2*elementChunk {
		for i := range n {
			e.next()
			write(e, i)
		}
		e.close(']')
		return
	}
	chunks := (n + elementChunk - 1) / elementChunk
	ring := make([]jsonWriter, 2*workers)
	// ready[c] is closed when chunk c is encoded, written[c] when it is
	// written out. Chunk c reuses the buffer of chunk c-len(ring), so it
	// waits for that chunk to be written out first: waiting for the
	// chunk itself, not for any turn of the buffer, keeps two chunks that
	// share a buffer in order however the goroutines are scheduled.
	ready, written := make([]chan struct{}, chunks), make([]chan struct{}, chunks)
	for c := range chunks {
		ready[c], written[c] = make(chan struct{}), make(chan struct{})
	}
	var claimed atomic.Int64
	for range workers {
		go func() {
			// Chunks are claimed in order, so every chunk waited for is
			// claimed before the one that waits: the ring never deadlocks.
			for c := int(claimed.Add(1) - 1); c < chunks; c = int(claimed.Add(1) - 1) {
				if c >= len(ring) {
					<-written[c-len(ring)]
				}
				p := &ring[c%len(ring)]
				lo, hi := c*elementChunk, min((c+1)*elementChunk, n)
				p.buf, p.depth, p.periodKeys, p.quarterKeys = p.buf[:0], e.depth, e.periodKeys, e.quarterKeys
				p.filled = append(p.filled[:0], lo > 0) // a comma before all but the first element
				for i := lo; i < hi; i++ {
					p.next()
					write(p, i)
				}
				close(ready[c])
			}
		}()
	}
	for c := range chunks {
		<-ready[c]
		e.chunk(ring[c%len(ring)].buf)
		close(written[c])
	}
	e.filled[len(e.filled)-1] = true
	e.close(']')
}

// elementChunk is how many array elements one goroutine encodes at a time.
const elementChunk = 64

// chunk writes encoded bytes: straight to out after what is buffered, or
// into buf when there is no out.
func (e *jsonWriter) chunk(b []byte) {
	if e.out == nil {
		e.raw(b)
		return
	}
	e.flush()
	if e.err == nil {
		_, e.err = e.out.Write(b)
	}
}

// rep writes one rep: the stable keys, then "attributes" (its custom
// attributes, by name) and "lets" (its rep lets, by name) when the plan
// has any (x).
func (e *jsonWriter) rep(r *engine.Result, rep *engine.RepResult, x repExtras) {
	e.open('{')
	e.rawKey(keyID)
	e.str(rep.ID)
	e.rawKey(keyName)
	e.str(rep.Name)
	e.rawKey(keyRole)
	e.str(rep.Role)
	e.rawKey(keyTerritory)
	e.nullable(rep.Territory)
	e.rawKey(keyManager)
	e.nullable(rep.Manager)
	if x.attrs {
		e.rawKey(keyAttributes)
		e.open('{')
		for _, a := range rep.CustomAttrs() {
			e.key(a.Name)
			if err := e.value(a.Value); err != nil {
				e.null() // attributes hold plain values only; never reached
			}
		}
		e.close('}')
	}
	e.rawKey(keyQuotas)
	e.open('{')
	for _, q := range rep.Quotas {
		e.key(q.Measure)
		e.quota(r, q)
	}
	e.close('}')
	if len(x.lets) > 0 {
		e.rawKey(keyLets)
		e.lets(r, engine.Subject{Kind: engine.SubjectRep, ID: rep.ID}, x.lets)
	}
	if r.Credits != nil {
		e.repActuals(r, rep)
	}
	e.close('}')
}

// quota writes one measure of a rep: unit, "rollup": false for a quota
// that restates others (only then), total, full, and the amounts by period
// and by quarter in plan order.
func (e *jsonWriter) quota(r *engine.Result, q *engine.QuotaResult) {
	e.open('{')
	e.rawKey(keyUnit)
	e.str(q.Unit)
	if q.Restates {
		e.rawKey(keyRollup)
		e.buf = append(e.buf, "false"...)
	}
	e.rawKey(keyTotal)
	e.num(q.Total)
	e.rawKey(keyFull)
	e.num(q.Full)
	e.rawKey(keyPeriods)
	e.open('{')
	for i, k := range e.periodKeys {
		e.rawKey(k)
		var v float64
		if i < len(q.Periods) {
			v = q.Periods[i]
		}
		e.num(v)
	}
	e.close('}')
	e.rawKey(keyQuarters)
	e.open('{')
	for i, qr := range r.Quarters {
		e.rawKey(e.quarterKeys[i])
		e.num(sum(q, qr.Periods))
	}
	e.close('}')
	e.close('}')
}

// territories writes the territories with their FY totals by measure,
// and their territory lets when the plan has any.
func (e *jsonWriter) territories(r *engine.Result) {
	lets := r.LetNames(engine.SubjectTerritory)
	e.open('[')
	for _, t := range territories(r) {
		e.next()
		e.open('{')
		e.key("id")
		e.str(t.ID)
		e.key("quotas")
		e.open('{')
		for _, m := range sortedKeys(t.Quotas) {
			e.key(m)
			e.open('{')
			e.key("total")
			e.num(t.Quotas[m])
			e.close('}')
		}
		e.close('}')
		if len(lets) > 0 {
			e.key("lets")
			e.lets(r, engine.Subject{Kind: engine.SubjectTerritory, ID: t.ID}, lets)
		}
		e.close('}')
	}
	e.close(']')
}

// goals writes the goals; ratio is null when the target is 0.
func (e *jsonWriter) goals(r *engine.Result) {
	e.open('[')
	for _, g := range goals(r) {
		e.next()
		e.open('{')
		e.key("id")
		e.str(g.ID)
		e.key("measure")
		e.nullable(g.Measure)
		e.key("period")
		e.str(g.Period)
		e.key("target")
		e.num(g.Target)
		e.key("assigned")
		e.num(g.Assigned)
		e.key("ratio")
		if g.Target != 0 {
			e.num(g.Ratio)
		} else {
			e.null()
		}
		e.key("expected")
		e.num(g.Expected)
		e.close('}')
	}
	e.close(']')
}

// checks writes every check result, by check, then subject.
func (e *jsonWriter) checks(r *engine.Result) {
	list := checks(r)
	e.elements(len(list), func(p *jsonWriter, i int) { p.check(list[i]) })
}

// check writes one check result.
func (e *jsonWriter) check(c *engine.CheckResult) {
	e.open('{')
	e.checkFields(c)
	e.close('}')
}

// checkFields writes the keys of a check result as the JSON result has
// them, for check (eval) and checksJSON (check --format json), which adds
// where the check and its subject are declared.
func (e *jsonWriter) checkFields(c *engine.CheckResult) {
	e.rawKey(keyCheck)
	e.str(c.Check)
	e.rawKey(keySeverity)
	e.str(string(c.Severity))
	e.rawKey(keySubject)
	e.str(c.Subject)
	e.rawKey(keyStatus)
	e.str(c.Status)
	e.rawKey(keyMessage)
	e.str(c.Message)
	e.waiver(c)
}

// waiver writes the "waiver" key of a failed result that a waiver names
// (status "waived" while it holds, "fail" once it has expired); nothing
// for the others.
func (e *jsonWriter) waiver(c *engine.CheckResult) {
	if c.Waiver != "" {
		e.rawKey(keyWaiver)
		e.str(c.Waiver)
	}
}

// summary writes the count of reps and failed checks, and of waived ones
// when the plan has waivers.
func (e *jsonWriter) summary(r *engine.Result) {
	s := r.Summary
	e.open('{')
	e.key("reps")
	e.int(s.Reps)
	e.key("errors")
	e.int(s.Errors)
	e.key("warnings")
	e.int(s.Warnings)
	if r.Waivers != nil {
		e.key("waived")
		e.int(s.Waived)
	}
	e.close('}')
}

// value writes a variable value: nil, a string, a bool, any Go number, or
// a slice, array or string-keyed map of such values (maps in sorted key
// order). Anything else is an error naming the path to it.
func (e *jsonWriter) value(v any) error {
	switch v := v.(type) {
	case nil:
		e.null()
	case string:
		e.str(v)
	case bool:
		e.buf = strconv.AppendBool(e.buf, v)
	case int:
		e.int(v)
	case float64:
		e.num(v)
	case []any:
		return e.array(len(v), func(i int) any { return v[i] })
	case map[string]any:
		return e.object(sortedKeys(v), func(k string) any { return v[k] })
	default:
		return e.reflected(reflect.ValueOf(v))
	}
	return nil
}

// reflected writes the other numbers, slices and string-keyed maps that a
// variable value may hold; anything else is an error.
func (e *jsonWriter) reflected(v reflect.Value) error {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.num(float64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.num(float64(v.Uint()))
	case reflect.Float32:
		e.num(v.Float())
	case reflect.String:
		e.str(v.String())
	case reflect.Bool:
		e.buf = strconv.AppendBool(e.buf, v.Bool())
	case reflect.Slice, reflect.Array:
		return e.array(v.Len(), func(i int) any { return v.Index(i).Interface() })
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String {
			return fmt.Errorf("cannot encode a value of type %s", v.Type())
		}
		m := make(map[string]any, v.Len())
		for it := v.MapRange(); it.Next(); {
			m[it.Key().String()] = it.Value().Interface()
		}
		return e.value(m)
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			e.null()
			return nil
		}
		return e.value(v.Elem().Interface())
	default:
		return fmt.Errorf("cannot encode a value of type %s", v.Type())
	}
	return nil
}

// object writes the members named keys, in order, member k being at(k).
func (e *jsonWriter) object(keys []string, at func(string) any) error {
	e.open('{')
	for _, k := range keys {
		e.key(k)
		if err := e.value(at(k)); err != nil {
			return fmt.Errorf("%s: %w", k, err)
		}
	}
	e.close('}')
	return nil
}

// array writes n elements, element i being at(i).
func (e *jsonWriter) array(n int, at func(int) any) error {
	e.open('[')
	for i := range n {
		e.next()
		if err := e.value(at(i)); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
	}
	e.close(']')
	return nil
}

// appendNumber appends v as engine.FormatNumber prints it (no exponent, at
// most 6 decimals, trailing zeros trimmed, never "-0"), without allocating.
// Whole numbers, the bulk of quota figures, take a fast integer path.
func appendNumber(dst []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1<<62 {
		return strconv.AppendInt(dst, int64(v), 10) // -0 becomes 0
	}
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.AppendFloat(dst, v, 'f', -1, 64)
	}
	start := len(dst)
	dst = strconv.AppendFloat(dst, v, 'f', 6, 64)
	end := len(dst)
	for dst[end-1] == '0' {
		end--
	}
	if dst[end-1] == '.' {
		end--
	}
	dst = dst[:end]
	if string(dst[start:]) == "-0" {
		dst = append(dst[:start], '0')
	}
	return dst
}

// hexDigits are the digits of \u escapes.
const hexDigits = "0123456789abcdef"

// appendQuoted appends s as a JSON string, escaped exactly as encoding/json
// does with SetEscapeHTML(false): quote, backslash and control characters
// escaped (\b, \f, \n, \r, \t by name), invalid UTF-8 replaced by \ufffd,
// U+2028 and U+2029 escaped, and <, > and & left readable.
func appendQuoted(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c < utf8.RuneSelf {
			i++
			continue
		}
		size := 1
		if c >= utf8.RuneSelf {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			if r != '\u2028' && r != '\u2029' && (r != utf8.RuneError || size != 1) {
				i += size
				continue
			}
		}
		dst = appendEscape(append(dst, s[start:i]...), s[i:i+size])
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// appendEscape appends the JSON escape of seq: an ASCII byte that cannot
// stand as is, an invalid UTF-8 byte, or U+2028 or U+2029.
func appendEscape(dst []byte, seq string) []byte {
	switch seq {
	case "\\", `"`:
		return append(dst, '\\', seq[0])
	case "\b":
		return append(dst, `\b`...)
	case "\f":
		return append(dst, `\f`...)
	case "\n":
		return append(dst, `\n`...)
	case "\r":
		return append(dst, `\r`...)
	case "\t":
		return append(dst, `\t`...)
	case "\u2028":
		return append(dst, `\u2028`...)
	case "\u2029":
		return append(dst, `\u2029`...)
	}
	if c := seq[0]; c < utf8.RuneSelf {
		return append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
	}
	return append(dst, `\ufffd`...)
}
