package watch

import (
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
)

// maxDirs bounds the directories one Run watches: a plan directory is
// small, and a huge tree below it is a mistake that should not exhaust the
// system's inotify watches.
const maxDirs = 256

// refresh makes the watched directories match what the plan needs: the
// plan directory, every directory below it (imports may name files in
// subdirectories, including ones created later) and the directories of the
// files the last evaluation read (imports outside the plan directory).
// Directories that vanished drop out of the watch list on their own and
// are added again once they reappear.
func (w *watcher) refresh() {
	want := w.wantedDirs()
	have := w.fs.WatchList()
	for _, d := range want {
		if slices.Contains(have, d) {
			continue
		}
		if err := w.fs.Add(d); err != nil {
			w.log.Debug().Err(err).Str("dir", d).Msg("cannot watch directory")
		}
	}
	for _, d := range have {
		if !slices.Contains(want, d) {
			_ = w.fs.Remove(d) // may already be gone with its directory
		}
	}
}

// wantedDirs lists the directories to watch, cleaned and sorted.
func (w *watcher) wantedDirs() []string {
	dirs := subdirs(w.dir, maxDirs)
	if len(dirs) == maxDirs {
		w.log.Warn().Str("dir", w.dir).Int("limit", maxDirs).Msg("too many subdirectories: watching only the first ones")
	}
	dirs = append(dirs, w.sourceDirs...)
	slices.Sort(dirs)
	return slices.Compact(dirs)
}

// subdirs returns root and the directories below it, at most limit of them,
// skipping hidden directories (.git and the like). Symbolic links are not
// followed.
func subdirs(root string, limit int) []string {
	root = filepath.Clean(root)
	dirs := []string{root}
	_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil || !d.IsDir() || path == root {
			return nil // unreadable entries are skipped; the evaluation reports what matters
		}
		if strings.HasPrefix(d.Name(), ".") {
			return filepath.SkipDir
		}
		if len(dirs) == limit {
			return filepath.SkipAll
		}
		dirs = append(dirs, path)
		return nil
	})
	return dirs
}

// sourceDirs returns the directories of the files an evaluation read.
func sourceDirs(sources map[string][]byte) []string {
	dirs := make([]string, 0, len(sources))
	for name := range sources {
		dirs = append(dirs, filepath.Clean(filepath.Dir(name)))
	}
	slices.Sort(dirs)
	return slices.Compact(dirs)
}
