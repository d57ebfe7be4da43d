package plans

import (
	"fmt"
	"slices"
	"unicode/utf8"
)

// maxSuggestDistance is the largest edit distance for a "Did you mean" hint
// (1 for names of one or two characters).
const maxSuggestDistance = 2

// maxSuggestBytes is the longest name suggestions are made for: the edit
// distance costs the product of the lengths, and a name of thousands of
// characters (a CSV cell) is no typo of a short one.
const maxSuggestBytes = 100

// suggest returns the candidate closest to name (edit distance at most
// maxSuggestDistance, ties broken lexically), or "" when none is close.
func suggest(name string, candidates []string) string {
	if len(name) > maxSuggestBytes {
		return ""
	}
	limit := maxSuggestDistance
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

// abs is the absolute value of n.
func abs(n int) int { return max(n, -n) }

// didYouMean returns ` Did you mean "x"?` for the closest candidate, or "".
func didYouMean(name string, candidates []string) string {
	if s := suggest(name, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", clip(s))
	}
	return ""
}

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
