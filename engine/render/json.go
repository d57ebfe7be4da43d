package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
)

// FormatVersion is the value of "format_version" in the JSON result. It
// changes only when a key is removed or changes meaning.
const FormatVersion = "1"

// JSON writes the stable JSON result of `eval --format json` (SPEC section
// 6): exactly its keys in its order, arrays sorted by id (checks by check,
// then subject), map keys sorted, numbers printed with engine.FormatNumber,
// 2-space indentation and a trailing newline. The same Result always gives
// the same bytes. Nothing is written when a value cannot be encoded.
func JSON(w io.Writer, r *engine.Result) error {
	if r == nil {
		return fmt.Errorf("render json: no result")
	}
	return writeJSON(w, resultObject(r))
}

// ChecksJSON writes the check results and the summary of r as
// {"checks": [...], "summary": {...}}, with the keys and conventions of the
// JSON result; it serves `quotaplan check --format json`.
func ChecksJSON(w io.Writer, r *engine.Result) error {
	if r == nil {
		return fmt.Errorf("render checks json: no result")
	}
	return writeJSON(w, object{{"checks", checksArray(r)}, {"summary", summaryObject(r.Summary)}})
}

// object is a JSON object whose members keep their order.
type object []member

// member is one key and value of an object.
type member struct {
	key   string
	value any
}

// writeJSON encodes v in full, then writes it to w.
func writeJSON(w io.Writer, v any) error {
	var e jsonEncoder
	if err := e.value(v, 0); err != nil {
		return fmt.Errorf("render json: %w", err)
	}
	e.buf.WriteByte('\n')
	_, err := w.Write(e.buf.Bytes())
	return err
}

// resultObject lays out r with the keys of the JSON result, in order.
func resultObject(r *engine.Result) object {
	p := r.Plan
	return object{
		{"format_version", FormatVersion},
		{"plan", object{{"id", p.ID}, {"title", p.Title}, {"start", p.Start}, {"months", p.Months}, {"currency", p.Currency}}},
		{"scenario", nullable(r.Scenario)},
		{"vars", r.Vars},
		{"periods", periodIDs(r)},
		{"reps", repsArray(r)},
		{"territories", territoriesArray(r)},
		{"goals", goalsArray(r)},
		{"checks", checksArray(r)},
		{"summary", summaryObject(r.Summary)},
	}
}

// nullable is nil (null) for "", else s.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// periodIDs lists the period ids in plan order.
func periodIDs(r *engine.Result) []any {
	out := make([]any, 0, len(r.Periods))
	for _, p := range r.Periods {
		out = append(out, p.ID)
	}
	return out
}

// repsArray lists the reps with their quotas by measure.
func repsArray(r *engine.Result) []any {
	out := make([]any, 0, len(r.Reps))
	for _, rep := range reps(r) {
		quotas := object{}
		for _, m := range sortedKeys(rep.Quotas) {
			if q := rep.Quotas[m]; q != nil {
				quotas = append(quotas, member{m, quotaObject(r, q)})
			}
		}
		out = append(out, object{
			{"id", rep.ID}, {"name", rep.Name}, {"role", rep.Role},
			{"territory", nullable(rep.Territory)}, {"manager", nullable(rep.Manager)},
			{"quotas", quotas},
		})
	}
	return out
}

// quotaObject is one measure of a rep: unit, total, full, and the amounts
// by period and by quarter in plan order.
func quotaObject(r *engine.Result, q *engine.QuotaResult) object {
	periods := object{}
	for i, p := range r.Periods {
		periods = append(periods, member{p.ID, sum(q, []int{i})})
	}
	quarters := object{}
	for _, qr := range r.Quarters {
		quarters = append(quarters, member{qr.ID, sum(q, qr.Periods)})
	}
	return object{{"unit", q.Unit}, {"total", q.Total}, {"full", q.Full}, {"periods", periods}, {"quarters", quarters}}
}

// territoriesArray lists the territories with their FY totals by measure.
func territoriesArray(r *engine.Result) []any {
	out := make([]any, 0, len(r.Territories))
	for _, t := range territories(r) {
		quotas := object{}
		for _, m := range sortedKeys(t.Quotas) {
			quotas = append(quotas, member{m, object{{"total", t.Quotas[m]}}})
		}
		out = append(out, object{{"id", t.ID}, {"quotas", quotas}})
	}
	return out
}

// goalsArray lists the goals; ratio is null when the target is 0.
func goalsArray(r *engine.Result) []any {
	out := make([]any, 0, len(r.Goals))
	for _, g := range goals(r) {
		var rat any
		if g.Target != 0 {
			rat = g.Ratio
		}
		out = append(out, object{
			{"id", g.ID}, {"measure", nullable(g.Measure)}, {"period", g.Period},
			{"target", g.Target}, {"assigned", g.Assigned}, {"ratio", rat}, {"expected", g.Expected},
		})
	}
	return out
}

// checksArray lists every check result, by check, then subject.
func checksArray(r *engine.Result) []any {
	out := make([]any, 0, len(r.Checks))
	for _, c := range checks(r) {
		out = append(out, object{
			{"check", c.Check}, {"severity", c.Severity}, {"subject", c.Subject},
			{"status", c.Status}, {"message", c.Message},
		})
	}
	return out
}

// summaryObject counts reps and failed checks.
func summaryObject(s engine.Summary) object {
	return object{{"reps", s.Reps}, {"errors", s.Errors}, {"warnings", s.Warnings}}
}

// jsonEncoder writes values with 2-space indentation, one member or
// element per line.
type jsonEncoder struct {
	buf bytes.Buffer
}

// value writes v at the given nesting depth.
func (e *jsonEncoder) value(v any, depth int) error {
	switch v := v.(type) {
	case nil:
		e.buf.WriteString("null")
	case object:
		return e.object(v, depth)
	case string:
		e.buf.WriteString(quote(v))
	case bool:
		e.buf.WriteString(strconv.FormatBool(v))
	case int:
		e.buf.WriteString(strconv.Itoa(v))
	case float64:
		e.buf.WriteString(number(v))
	case []any:
		return e.array(len(v), func(i int) any { return v[i] }, depth)
	case map[string]any:
		return e.object(sortedObject(v), depth)
	default:
		return e.reflected(reflect.ValueOf(v), depth)
	}
	return nil
}

// reflected writes the other numbers, slices and string-keyed maps that a
// variable value may hold; anything else is an error.
func (e *jsonEncoder) reflected(v reflect.Value, depth int) error {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return e.value(float64(v.Int()), depth)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return e.value(float64(v.Uint()), depth)
	case reflect.Float32:
		return e.value(v.Float(), depth)
	case reflect.String:
		return e.value(v.String(), depth)
	case reflect.Bool:
		return e.value(v.Bool(), depth)
	case reflect.Slice, reflect.Array:
		return e.array(v.Len(), func(i int) any { return v.Index(i).Interface() }, depth)
	case reflect.Map:
		if v.Type().Key().Kind() == reflect.String {
			m := map[string]any{}
			for it := v.MapRange(); it.Next(); {
				m[it.Key().String()] = it.Value().Interface()
			}
			return e.value(m, depth)
		}
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return e.value(nil, depth)
		}
		return e.value(v.Elem().Interface(), depth)
	}
	return fmt.Errorf("cannot encode a value of type %s", v.Type())
}

// object writes the members of o in order.
func (e *jsonEncoder) object(o object, depth int) error {
	if len(o) == 0 {
		e.buf.WriteString("{}")
		return nil
	}
	e.buf.WriteString("{\n")
	for i, m := range o {
		e.indent(depth + 1)
		e.buf.WriteString(quote(m.key))
		e.buf.WriteString(": ")
		if err := e.value(m.value, depth+1); err != nil {
			return fmt.Errorf("%s: %w", m.key, err)
		}
		e.separator(i, len(o))
	}
	e.indent(depth)
	e.buf.WriteString("}")
	return nil
}

// array writes n elements, element i given by at(i).
func (e *jsonEncoder) array(n int, at func(int) any, depth int) error {
	if n == 0 {
		e.buf.WriteString("[]")
		return nil
	}
	e.buf.WriteString("[\n")
	for i := range n {
		e.indent(depth + 1)
		if err := e.value(at(i), depth+1); err != nil {
			return fmt.Errorf("[%d]: %w", i, err)
		}
		e.separator(i, n)
	}
	e.indent(depth)
	e.buf.WriteString("]")
	return nil
}

// separator ends element i of n: a comma unless it is the last, then a
// line break.
func (e *jsonEncoder) separator(i, n int) {
	if i < n-1 {
		e.buf.WriteByte(',')
	}
	e.buf.WriteByte('\n')
}

// indent writes two spaces per depth.
func (e *jsonEncoder) indent(depth int) {
	for range depth {
		e.buf.WriteString("  ")
	}
}

// sortedObject turns a map into an object with sorted keys.
func sortedObject(m map[string]any) object {
	keys := sortedKeys(m)
	o := make(object, 0, len(keys))
	for _, k := range slices.Clip(keys) {
		o = append(o, member{k, m[k]})
	}
	return o
}

// number prints v with engine.FormatNumber; NaN and infinities, which JSON
// cannot hold and the engine never produces, print as null.
func number(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "null"
	}
	return engine.FormatNumber(v)
}

// quote returns s as a JSON string, escaped as encoding/json does but
// leaving <, > and & readable.
func quote(s string) string {
	if plainString(s) {
		return `"` + s + `"`
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return strconv.Quote(s) // unreachable: a string always encodes
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// plainString reports whether s is printable ASCII without quote or
// backslash, which JSON holds as is.
func plainString(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
