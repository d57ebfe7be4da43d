package watch

import (
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
)

func TestRelevant(t *testing.T) {
	tests := []struct {
		name string
		ev   fsnotify.Event
		want bool
	}{
		{"plan file written", fsnotify.Event{Name: "plan/plan.hcl", Op: fsnotify.Write}, true},
		{"plan file renamed into place", fsnotify.Event{Name: "plan/plan.hcl", Op: fsnotify.Create}, true},
		{"data file removed", fsnotify.Event{Name: "plan/data/reps.csv", Op: fsnotify.Remove}, true},
		{"new subdirectory", fsnotify.Event{Name: "plan/data", Op: fsnotify.Create}, true},
		{"permissions only", fsnotify.Event{Name: "plan/plan.hcl", Op: fsnotify.Chmod}, false},
		{"write and chmod", fsnotify.Event{Name: "plan/plan.hcl", Op: fsnotify.Write | fsnotify.Chmod}, true},
		{"vim write test", fsnotify.Event{Name: "plan/4913", Op: fsnotify.Create}, false},
		{"vim swap file", fsnotify.Event{Name: "plan/.plan.hcl.swp", Op: fsnotify.Write}, false},
		{"swap file without dot", fsnotify.Event{Name: "plan/plan.hcl.swx", Op: fsnotify.Write}, false},
		{"backup", fsnotify.Event{Name: "plan/plan.hcl~", Op: fsnotify.Create}, false},
		{"jetbrains temporary", fsnotify.Event{Name: "plan/plan.hcl___jb_tmp___", Op: fsnotify.Create}, false},
		{"emacs autosave", fsnotify.Event{Name: "plan/#plan.hcl#", Op: fsnotify.Create}, false},
		{"atomic write temporary", fsnotify.Event{Name: "plan/.plan.hcl.tmp123", Op: fsnotify.Create}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := relevant(tt.ev); got != tt.want {
				t.Errorf("relevant(%v) = %v, want %v", tt.ev, got, tt.want)
			}
		})
	}
}

func TestDebouncer(t *testing.T) {
	var d debouncer
	d.init(100, 250) // nanoseconds are enough: only the computed waits matter
	defer d.stop()
	tests := []struct {
		name     string
		first    int64 // when the burst began, 0 for none
		now      int64
		wantWait int64
	}{
		{"first hint waits the quiet time", 0, 1000, 100},
		{"a later hint waits the quiet time again", 1000, 1100, 100},
		{"the burst never waits past the max delay", 1000, 1200, 50},
		{"past the max delay it fires at once", 1000, 1300, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d.reset()
			if tt.first != 0 {
				d.first = unixNano(tt.first)
			}
			if got := d.wait(unixNano(tt.now)); int64(got) != tt.wantWait {
				t.Errorf("wait = %d, want %d", got, tt.wantWait)
			}
		})
	}
}

// unixNano is a time n nanoseconds after the epoch.
func unixNano(n int64) time.Time { return time.Unix(0, n) }
