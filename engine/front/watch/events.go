package watch

import (
	"path/filepath"
	"strings"

	"github.com/fsnotify/fsnotify"
)

// relevant reports whether a file event may change the plan. Every event
// is only a hint to read everything again, so the filter is loose: it
// drops permission changes and the temporary files editors write next to
// the file being saved.
func relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod || ev.Op == 0 {
		return false
	}
	return !temporary(filepath.Base(ev.Name))
}

// temporary reports whether a file name is one of the scratch files editors
// create while saving: vim's write test "4913" and swap files, backups
// ending in "~", emacs autosaves "#name#", JetBrains' "___jb_" files and
// every dot-file (locks, atomic-write temporaries). None of them is a plan
// file or a data file worth re-evaluating for.
func temporary(base string) bool {
	switch {
	case base == "4913",
		strings.HasPrefix(base, "."),
		strings.HasSuffix(base, "~"),
		strings.HasSuffix(base, ".swp"), strings.HasSuffix(base, ".swx"),
		strings.HasPrefix(base, "#") && strings.HasSuffix(base, "#"),
		strings.Contains(base, "___jb_"):
		return true
	}
	return false
}
