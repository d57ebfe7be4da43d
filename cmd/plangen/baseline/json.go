package baseline

import (
	"bufio"
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
)

// jsonWriter streams JSON in the layout of quotaplan's renderer: 2-space
// indentation, one member or element per line, "{}" and "[]" when empty.
// Write errors stick in the bufio.Writer and surface at Flush.
type jsonWriter struct {
	w       *bufio.Writer
	started []bool // per open container: whether it has a member yet
	scratch []byte
}

func newJSONWriter(w *bufio.Writer) *jsonWriter {
	return &jsonWriter{w: w, scratch: make([]byte, 0, 32)}
}

// member starts the next member (key != "") or element (key == "") of the
// innermost container.
func (j *jsonWriter) member(key string) {
	if n := len(j.started); n > 0 {
		if j.started[n-1] {
			j.w.WriteByte(',')
		}
		j.started[n-1] = true
		j.w.WriteByte('\n')
		j.indent(n)
	}
	if key != "" {
		j.quote(key)
		j.w.WriteString(": ")
	}
}

// open starts an object ('{') or array ('[') as the next member.
func (j *jsonWriter) open(key string, c byte) {
	j.member(key)
	j.w.WriteByte(c)
	j.started = append(j.started, false)
}

// close ends the innermost container with '}' or ']'.
func (j *jsonWriter) close(c byte) {
	n := len(j.started)
	if j.started[n-1] {
		j.w.WriteByte('\n')
		j.indent(n - 1)
	}
	j.started = j.started[:n-1]
	j.w.WriteByte(c)
}

// str writes a string member.
func (j *jsonWriter) str(key, v string) {
	j.member(key)
	j.quote(v)
}

// strOrNull writes a string member, null when v is "".
func (j *jsonWriter) strOrNull(key, v string) {
	if v == "" {
		j.member(key)
		j.w.WriteString("null")
		return
	}
	j.str(key, v)
}

// num writes a number member as quotaplan prints numbers.
func (j *jsonWriter) num(key string, v float64) {
	j.member(key)
	j.scratch = appendNumber(j.scratch[:0], v)
	j.w.Write(j.scratch)
}

// integer writes an int member.
func (j *jsonWriter) integer(key string, v int) {
	j.member(key)
	j.scratch = strconv.AppendInt(j.scratch[:0], int64(v), 10)
	j.w.Write(j.scratch)
}

// spaces is the indentation of the deepest level the result has, and more.
const spaces = "                                "

// indent writes two spaces per level.
func (j *jsonWriter) indent(levels int) {
	for levels > len(spaces)/2 {
		j.w.WriteString(spaces)
		levels -= len(spaces) / 2
	}
	j.w.WriteString(spaces[:2*levels])
}

// quote writes s as a JSON string, escaped as encoding/json does without
// HTML escaping.
func (j *jsonWriter) quote(s string) {
	if plain(s) {
		j.w.WriteByte('"')
		j.w.WriteString(s)
		j.w.WriteByte('"')
		return
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s) // a string always encodes
	j.w.Write(bytes.TrimSuffix(b.Bytes(), []byte("\n")))
}

// plain reports whether s is printable ASCII without quote or backslash.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}

// appendNumber appends v with no exponent, at most 6 decimals, trailing
// zeros trimmed, and never "-0".
func appendNumber(b []byte, v float64) []byte {
	if v == math.Trunc(v) && math.Abs(v) < 1<<53 { // whole amounts, the most common
		return strconv.AppendInt(b, int64(v), 10)
	}
	b = strconv.AppendFloat(b, v, 'f', 6, 64)
	if bytes.IndexByte(b, '.') >= 0 {
		b = bytes.TrimRight(b, "0")
		b = bytes.TrimSuffix(b, []byte("."))
	}
	if string(b) == "-0" {
		b = append(b[:0], '0')
	}
	return b
}

// formatNumber is appendNumber as a string.
func formatNumber(v float64) string { return string(appendNumber(nil, v)) }

// writeJSON writes the whole result (plans/LANGUAGE.md section 11), then a newline.
func (e *evaluation) writeJSON(j *jsonWriter) {
	rt := e.rules
	j.open("", '{')
	j.str("format_version", "1")
	j.open("plan", '{')
	j.str("id", rt.PlanID)
	j.str("title", rt.Title)
	j.str("start", rt.Start.Format("2006-01-02"))
	j.integer("months", rt.Months)
	j.str("currency", rt.Currency)
	j.close('}')
	j.strOrNull("scenario", "")
	e.writeVars(j)
	if e.act != nil {
		j.str("as_of", e.act.asOf.Format("2006-01-02"))
	}
	j.open("periods", '[')
	for _, p := range e.periods {
		j.str("", p.id)
	}
	j.close(']')
	e.writeReps(j)
	e.writeTerritories(j)
	e.writeGoals(j)
	e.writeChecks(j)
	if e.act != nil {
		e.writeCreditKeys(j)
	}
	j.open("summary", '{')
	j.integer("reps", len(e.reps))
	j.integer("errors", 0)
	j.integer("warnings", e.warnings)
	j.close('}')
	j.close('}')
	j.w.WriteByte('\n')
}

// writeVars writes the variables with their defaults, sorted by name.
func (e *evaluation) writeVars(j *jsonWriter) {
	rt := e.rules
	bySegment := func(key string, field func(gen.SegmentRules) float64) {
		segs := slices.Clone(rt.Segments)
		slices.SortFunc(segs, func(a, b gen.SegmentRules) int { return strings.Compare(a.Name, b.Name) })
		j.open(key, '{')
		for _, s := range segs {
			j.num(s.Name, field(s))
		}
		j.close('}')
	}
	j.open("vars", '{')
	bySegment("ae_quota", func(s gen.SegmentRules) float64 { return s.AEQuota })
	j.num("base_arr", e.baseARR)
	bySegment("coverage", func(s gen.SegmentRules) float64 { return s.Coverage })
	bySegment("expansion_rate", func(s gen.SegmentRules) float64 { return s.ExpansionRate })
	j.num("growth", rt.Growth)
	j.num("meeting_to_opp", rt.MeetingToOpp)
	j.num("sdr_buffer", rt.SDRBuffer)
	j.close('}')
}

// writeReps writes every rep with its quota, if any.
func (e *evaluation) writeReps(j *jsonWriter) {
	units := [numMeasures]string{e.rules.Currency, "meetings", e.rules.Currency}
	j.open("reps", '[')
	for _, r := range e.reps {
		j.open("", '{')
		j.str("id", r.id)
		j.str("name", r.name)
		j.str("role", r.role)
		j.strOrNull("territory", r.territory)
		j.strOrNull("manager", r.manager)
		j.open("attributes", '{') // the custom columns of the reps CSV, by name
		if r.hasBook {
			j.num("book_arr", r.book)
		}
		if r.hasPipeline && e.act != nil { // "crm_pipeline" sorts before "ote"
			j.num(e.pipelineKey(), r.pipeline)
		}
		if r.hasOTE {
			j.num("ote", r.ote)
		}
		if r.hasPipeline && e.act == nil {
			j.num(e.pipelineKey(), r.pipeline)
		}
		j.close('}')
		j.open("quotas", '{')
		if r.measure >= 0 {
			j.open(measures[r.measure], '{')
			j.str("unit", units[r.measure])
			j.num("total", r.total)
			j.num("full", r.full)
			j.open("periods", '{')
			for i, p := range e.periods {
				j.num(p.id, r.periods[i])
			}
			j.close('}')
			j.open("quarters", '{')
			for _, q := range e.quarters {
				var s float64
				for _, i := range q.periods {
					s += r.periods[i]
				}
				j.num(q.id, s)
			}
			j.close('}')
			j.close('}')
		}
		j.close('}')
		j.open("lets", '{')
		j.num("ote_multiple", oteMultiple(r))
		j.close('}')
		if e.act != nil {
			e.writeRepActuals(j, r.index)
		}
		j.close('}')
	}
	j.close(']')
}

// writeTerritories writes every territory's roll-up by measure.
func (e *evaluation) writeTerritories(j *jsonWriter) {
	j.open("territories", '[')
	for _, t := range e.territories {
		j.open("", '{')
		j.str("id", t.id)
		j.open("quotas", '{')
		for m, name := range measures {
			j.open(name, '{')
			j.num("total", t.totals[m])
			j.close('}')
		}
		j.close('}')
		j.open("lets", '{')
		j.num("capacity", t.capacity)
		j.num("meetings_needed", t.meetingsNeeded)
		j.close('}')
		j.close('}')
	}
	j.close(']')
}

// writeGoals writes goal "new_arr".
func (e *evaluation) writeGoals(j *jsonWriter) {
	g := e.goal
	j.open("goals", '[')
	j.open("", '{')
	j.str("id", "new_arr")
	j.str("measure", "new_arr")
	j.str("period", "FY")
	j.num("target", g.target)
	j.num("assigned", g.assigned)
	if g.target != 0 {
		j.num("ratio", g.ratio)
	} else {
		j.strOrNull("ratio", "")
	}
	j.num("expected", g.expected)
	j.close('}')
	j.close(']')
}

// writeChecks writes the check results, already in check, subject order.
func (e *evaluation) writeChecks(j *jsonWriter) {
	j.open("checks", '[')
	for _, c := range e.checks {
		status := "fail"
		if c.pass {
			status = "pass"
		}
		j.open("", '{')
		j.str("check", c.check)
		j.str("severity", "warning")
		j.str("subject", c.subject)
		j.str("status", status)
		j.str("message", c.message)
		j.close('}')
	}
	j.close(']')
}
