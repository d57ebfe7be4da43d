package plans

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// parsePublished reads the parts of a saved result that a lock needs: the
// plan it is of, and each rep's territory, manager, changes and quotas by
// month (aligned with months). The result of a large plan is a hundred
// megabytes, so it is scanned once, keeping only those values and
// building nothing for the rest of the file. It returns nil and why the
// file is not a result.
func parsePublished(src []byte, months []string) (*Published, string) {
	s := &jsonScanner{b: src}
	at := make(map[string]int, len(months))
	for i, id := range months {
		at[id] = i
	}
	pub := &Published{}
	version, plan := false, false
	s.object(func(key []byte) {
		switch string(key) {
		case "format_version":
			version = true
			s.skip()
		case "plan":
			plan = true
			s.object(func(key []byte) {
				switch string(key) {
				case "id":
					pub.ID = s.text()
				case "start":
					pub.Start = s.text()
				case "months":
					pub.Months = int(s.number())
				default:
					s.skip()
				}
			})
		case "reps":
			pub.Reps = s.publishedReps(months, at)
		default:
			s.skip()
		}
	})
	s.space()
	if s.err == nil && s.i < len(s.b) {
		s.fail("more after the result's closing brace")
	}
	if s.err != nil {
		return nil, "it is not a saved result: " + s.err.Error()
	}
	if !version || !plan {
		return nil, "it holds no plan and format_version"
	}
	slices.SortFunc(pub.Reps, func(a, b *PublishedRep) int { return strings.Compare(a.ID, b.ID) })
	return pub, ""
}

// parallelBytes is the size of a reps array from which publishedReps
// reads its two halves at once.
const parallelBytes = 4 << 20

// repStart is how a rep of the reps array starts in a result that eval
// wrote: a guess of where to cut the array in two.
var repStart = []byte("\n    {\n      \"id\": ")

// publishedReps reads the reps array. A big one is read in two halves at
// once, each on a CPU, cut where a rep seems to start in the middle of the
// text. Reading the first half must end exactly there for the cut to hold;
// when it does not (a file eval did not write), the second half's reading
// is dropped and the rest is read after the first.
func (s *jsonScanner) publishedReps(months []string, at map[string]int) []*PublishedRep {
	var reps []*PublishedRep
	if s.peek() != '[' || len(s.b)-s.i < parallelBytes {
		s.array(func() { reps = append(reps, s.publishedRep(months, at)) })
		return reps
	}
	cut := -1
	if k := bytes.Index(s.b[s.i+(len(s.b)-s.i)/2:], repStart); k >= 0 {
		cut = s.i + (len(s.b)-s.i)/2 + k + len("\n    ")
	}
	type half struct {
		reps []*PublishedRep
		end  int
		err  error
	}
	second := make(chan half, 1)
	if cut >= 0 {
		t := &jsonScanner{b: s.b, i: cut, depth: s.depth + 1} // made here: s changes as the first half is read
		go func() {
			var h half
			for t.err == nil {
				h.reps = append(h.reps, t.publishedRep(months, at))
				if t.peek() == ',' {
					t.i++
					continue
				}
				t.consume(']')
				break
			}
			h.end, h.err = t.i, t.err
			second <- h
		}()
	}
	s.consume('[')
	s.nest(func() {
		if s.peek() == ']' {
			s.i++
			return
		}
		for s.err == nil {
			reps = append(reps, s.publishedRep(months, at))
			if s.peek() == ',' {
				s.i++
				if s.peek(); cut >= 0 && s.i == cut { // the cut holds: the second half is the rest
					h := <-second
					cut = -1
					reps = append(reps, h.reps...)
					s.i = h.end
					if h.err != nil && s.err == nil {
						s.err = h.err
					}
					return
				}
				continue
			}
			s.consume(']')
			return
		}
	})
	if cut >= 0 {
		<-second // the cut did not hold: its reading is dropped
	}
	return reps
}

// publishedRep reads one rep of a saved result.
func (s *jsonScanner) publishedRep(months []string, at map[string]int) *PublishedRep {
	r := &PublishedRep{}
	s.object(func(key []byte) {
		switch string(key) {
		case "id":
			r.ID = s.text()
		case "territory":
			r.Territory = s.name()
		case "manager":
			r.Manager = s.name()
		case "changes":
			s.array(func() {
				c := PublishedChange{Attributes: map[string]any{}}
				s.object(func(key []byte) {
					switch string(key) {
					case "from":
						c.From = s.text()
					case "attributes":
						s.object(func(name []byte) {
							if s.peek() == '"' {
								c.Attributes[string(name)] = s.text()
							} else {
								s.skip() // only territory and manager, strings, matter to a lock
							}
						})
					default:
						s.skip()
					}
				})
				r.Changes = append(r.Changes, c)
			})
		case "quotas":
			s.object(func(measure []byte) {
				name := s.intern(measure) // before the figures are read, which may move the text
				vals := s.figures(len(months))
				s.object(func(key []byte) {
					if string(key) != "periods" {
						s.skip()
						return
					}
					next := 0 // results list the months in order: try the next one first
					s.object(func(month []byte) {
						i := -1
						if next < len(months) && string(month) == months[next] {
							i = next
						} else if k, ok := at[string(month)]; ok {
							i = k
						}
						if i < 0 {
							s.skip() // a month after the lock
							return
						}
						vals[i], next = s.number(), i+1
					})
				})
				r.Quotas = append(r.Quotas, PublishedQuota{name, vals})
			})
		default:
			s.skip()
		}
	})
	return r
}

// maxJSONDepth bounds the nesting of a saved result that a lock skips.
const maxJSONDepth = 200

// jsonScanner reads JSON text value by value. The first error stops it:
// every later call returns at once, so a caller checks err once at the
// end.
type jsonScanner struct {
	b     []byte
	i     int
	depth int
	err   error
	// names holds the territory, manager and measure names read so far:
	// a hundred thousand reps share a few of them, kept once.
	names map[string]string
	slab  []float64 // where figures are allocated from
}

// name reads a string that many values share.
func (s *jsonScanner) name() string { return s.intern(s.raw()) }

// intern returns b as a string, the same string for the same bytes.
func (s *jsonScanner) intern(b []byte) string {
	if v, ok := s.names[string(b)]; ok {
		return v
	}
	if s.names == nil {
		s.names = map[string]string{}
	}
	v := string(b)
	if len(s.names) < 1<<16 {
		s.names[v] = v
	}
	return v
}

// figures returns n zero figures.
func (s *jsonScanner) figures(n int) []float64 {
	if len(s.slab) < n {
		s.slab = make([]float64, max(n, 1)*4096)
	}
	out := s.slab[:n:n]
	s.slab = s.slab[n:]
	return out
}

func (s *jsonScanner) fail(format string, args ...any) {
	if s.err == nil {
		s.err = fmt.Errorf("at byte %d, %s", s.i, fmt.Sprintf(format, args...))
	}
	s.i = len(s.b)
}

// space skips white space.
func (s *jsonScanner) space() {
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case ' ', '\t', '\n', '\r':
			s.i++
		default:
			return
		}
	}
}

// peek returns the next byte after white space, 0 at the end.
func (s *jsonScanner) peek() byte {
	s.space()
	if s.i < len(s.b) {
		return s.b[s.i]
	}
	return 0
}

// consume reads byte c, which must come next.
func (s *jsonScanner) consume(c byte) bool {
	if s.peek() != c {
		if s.err == nil {
			s.fail("expected %q", c)
		}
		return false
	}
	s.i++
	return true
}

// object reads an object, calling field with each key; field reads the
// value. The key's bytes are valid until the next read (keys without
// escapes point into the text, so reading one costs no allocation). null
// reads as an empty object.
func (s *jsonScanner) object(field func(key []byte)) {
	if s.null() || !s.consume('{') {
		return
	}
	s.nest(func() {
		if s.peek() == '}' {
			s.i++
			return
		}
		for s.err == nil {
			key := s.raw()
			if !s.consume(':') {
				return
			}
			field(key)
			if s.peek() == ',' {
				s.i++
				continue
			}
			s.consume('}')
			return
		}
	})
}

// array reads an array, calling elem to read each element. null reads as
// an empty array.
func (s *jsonScanner) array(elem func()) {
	if s.null() || !s.consume('[') {
		return
	}
	s.nest(func() {
		if s.peek() == ']' {
			s.i++
			return
		}
		for s.err == nil {
			elem()
			if s.peek() == ',' {
				s.i++
				continue
			}
			s.consume(']')
			return
		}
	})
}

// nest runs f one level deeper, refusing text nested too deeply.
func (s *jsonScanner) nest(f func()) {
	if s.depth++; s.depth > maxJSONDepth {
		s.fail("nested over %d levels", maxJSONDepth)
		return
	}
	f()
	s.depth--
}

// null reads null if it comes next.
func (s *jsonScanner) null() bool { return s.word("null") }

// word reads w if it comes next.
func (s *jsonScanner) word(w string) bool {
	if s.peek() != w[0] || len(s.b)-s.i < len(w) || string(s.b[s.i:s.i+len(w)]) != w {
		return false
	}
	s.i += len(w)
	return true
}

// numberEnd returns the end of the number text starting at s.i.
func (s *jsonScanner) numberEnd() int {
	end := s.i
	for end < len(s.b) {
		switch s.b[end] {
		case '+', '-', '.', 'e', 'E', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
			end++
			continue
		}
		break
	}
	return end
}

// text reads a string; null reads as "".
func (s *jsonScanner) text() string { return string(s.raw()) }

// raw reads a string and returns its decoded bytes: a slice of the text
// when it holds no escapes. null reads as nothing.
func (s *jsonScanner) raw() []byte {
	if s.null() || !s.consume('"') {
		return nil
	}
	start, escaped := s.i, false
	for s.i < len(s.b) {
		switch c := s.b[s.i]; {
		case c == '\\':
			escaped = true
			s.i += 2
			continue
		case c == '"':
			raw := s.b[start:s.i]
			s.i++
			if !escaped {
				return raw
			}
			var out string
			if err := json.Unmarshal(s.b[start-1:s.i], &out); err != nil {
				s.fail("a string that does not decode")
			}
			return []byte(out)
		case c < 0x20:
			s.fail("a control character in a string")
			return nil
		}
		s.i++
	}
	s.fail("a string that does not end")
	return nil
}

// number reads a number; null reads as 0.
func (s *jsonScanner) number() float64 {
	if s.null() {
		return 0
	}
	s.space()
	start := s.i
	s.i = s.numberEnd()
	f, err := strconv.ParseFloat(string(s.b[start:s.i]), 64)
	if err != nil || start == s.i {
		s.fail("expected a number")
	}
	return f
}

// skip reads any value; an object or array is passed over by counting
// brackets outside strings, without reading its values.
func (s *jsonScanner) skip() {
	switch s.peek() {
	case '{', '[':
		s.skipNested()
	case '"':
		s.text()
	case 't', 'f', 'n':
		if !s.word("true") && !s.word("false") && !s.word("null") {
			s.fail("an unknown word")
		}
	default:
		start := s.i
		if s.i = s.numberEnd(); s.i == start {
			s.fail("expected a value")
		}
	}
}

// skipNested passes over the object or array that starts at s.i.
func (s *jsonScanner) skipNested() {
	depth := 0
	for s.i < len(s.b) {
		switch s.b[s.i] {
		case '{', '[':
			if depth++; s.depth+depth > maxJSONDepth {
				s.fail("nested over %d levels", maxJSONDepth)
				return
			}
		case '}', ']':
			if depth--; depth == 0 {
				s.i++
				return
			}
		case '"':
			s.raw()
			continue
		}
		s.i++
	}
	s.fail("an object or array that does not end")
}
