package plans

import (
	"fmt"

	"github.com/quotaplan/quotaplan/plans/words"
)

// suggest returns the candidate closest to name, or "" when none is close
// (words.Suggest).
func suggest(name string, candidates []string) string { return words.Suggest(name, candidates) }

// didYouMean returns ` Did you mean "x"?` for the closest candidate, or "",
// with a long candidate clipped as the loader's messages clip what a file
// holds.
func didYouMean(name string, candidates []string) string {
	if s := words.Suggest(name, candidates); s != "" {
		return fmt.Sprintf(" Did you mean %q?", clip(s))
	}
	return ""
}
