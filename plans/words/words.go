// Package words holds the few pieces of wording that every part of
// quotaplan's messages shares: counts of things ("3 reps"), a capital at the
// start of a sentence, and the "Did you mean" hint for a misspelt name. It
// imports nothing of the project, so the loader (plans), the rule compiler
// (rules), the engine and the front-ends all use the same words.
package words

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Plural returns "1 rep" or "1,200 reps": the count with thousands
// separators and the word that fits it.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return Count(n) + " " + many
}

// Count prints n with thousands separators: 1234567 is "1,234,567".
func Count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// UpperFirst capitalises the first letter of s, to start a sentence with an
// error message written in lower case.
func UpperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || r == utf8.RuneError {
		return s
	}
	return strings.ToUpper(string(r)) + s[n:]
}

// maxDistance is the largest edit distance for a "Did you mean" hint (1
// for names of one or two characters).
const maxDistance = 2

// maxNameBytes is the longest name suggestions are made for: the edit
// distance costs the product of the lengths, and a name of thousands of
// characters (a CSV cell) is no typo of a short one.
const maxNameBytes = 100

// Suggest returns the candidate closest to name (edit distance in runes at
// most 2, or 1 for names of one or two characters; ties broken by the
// candidate that sorts first), or "" when none is close. name itself is
// never suggested.
func Suggest(name string, candidates []string) string {
	if len(name) > maxNameBytes {
		return ""
	}
	limit := maxDistance
	n := utf8.RuneCountInString(name)
	if n < 3 {
		limit = 1
	}
	best, bestDist := "", limit+1
	sorted := slices.Clone(candidates)
	slices.Sort(sorted)
	for _, c := range sorted {
		// a distance is at least the difference of the lengths
		if c == name || len(c) > 4*(n+limit) || abs(utf8.RuneCountInString(c)-n) > limit {
			continue
		}
		if d := editDistance(name, c); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean returns ` Did you mean "x"?` for the candidate Suggest finds,
// or "" when none is close: the end of a diagnostic's detail.
func DidYouMean(name string, candidates []string) string {
	if s := Suggest(name, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", s)
	}
	return ""
}

func abs(n int) int { return max(n, -n) }

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
