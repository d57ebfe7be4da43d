package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/engine"
)

// fakeClock is a clock the test moves by hand: timers fire, in the test's
// goroutine, when advance passes their time. With step set, every reading
// of the time is step later than the one before.
type fakeClock struct {
	now    time.Time
	step   time.Duration
	timers []*fakeTimer
}

// fakeTimer is one AfterFunc of a fakeClock.
type fakeTimer struct {
	at            time.Time
	f             func()
	fired, closed bool
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2027, 2, 1, 9, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.now = c.now.Add(c.step)
	return c.now
}

func (c *fakeClock) AfterFunc(d time.Duration, f func()) func() bool {
	t := &fakeTimer{at: c.now.Add(d), f: f}
	c.timers = append(c.timers, t)
	return func() bool {
		pending := !t.fired && !t.closed
		t.closed = true
		return pending
	}
}

// advance moves the clock by d and fires the timers due.
func (c *fakeClock) advance(d time.Duration) {
	c.now = c.now.Add(d)
	for i := 0; i < len(c.timers); i++ { // a timer's f may add timers
		if t := c.timers[i]; !t.fired && !t.closed && !t.at.After(c.now) {
			t.fired = true
			t.f()
		}
	}
}

// progressOp is one thing done to a progress in a test.
type progressOp struct {
	advance time.Duration // move the clock first
	set     string        // then set this stage, if any
	pause   bool          // or pause
}

// drawn is what drawing stage writes over a line of width runes.
func drawn(stage string, width int) string {
	line := progressLine(stage)
	return "\r" + line + strings.Repeat(" ", max(width-len([]rune(line)), 0))
}

// cleared is what clearing the line of stage writes.
func cleared(stage string) string {
	return "\r" + strings.Repeat(" ", len([]rune(progressLine(stage)))) + "\r"
}

func TestProgress(t *testing.T) {
	const start = "loading plans/fy2027"
	wide := len([]rune(progressLine(start)))
	tests := []struct {
		name     string
		terminal bool
		ops      []progressOp
		want     string // written by the ops and stop
	}{
		{"nothing off a terminal", false, []progressOp{{advance: 5 * time.Second, set: "writing table"}}, ""},
		{"nothing before a second", true, []progressOp{{advance: 999 * time.Millisecond, set: "evaluating new_arr (1/3 steps)"}}, ""},
		{"shown after a second, cleared at the end", true, []progressOp{{advance: time.Second}},
			drawn(start, 0) + cleared(start)},
		{"the latest stage when the second is up", true, []progressOp{{advance: 500 * time.Millisecond, set: "writing csv"}, {advance: 500 * time.Millisecond}},
			drawn("writing csv", 0) + cleared("writing csv")},
		{"a shorter stage covers the longer one", true, []progressOp{{advance: time.Second}, {advance: time.Second, set: "writing"}},
			drawn(start, 0) + drawn("writing", wide) + cleared("writing")},
		{"redraws wait for the redraw interval", true, []progressOp{
			{advance: time.Second},
			{set: "evaluating a (1/2 steps)"},
			{set: "evaluating b (2/2 steps)"},
			{advance: progressRedraw},
		}, drawn(start, 0) + drawn("evaluating b (2/2 steps)", wide) + cleared("evaluating b (2/2 steps)")},
		{"paused: cleared and not redrawn", true, []progressOp{{advance: time.Second}, {pause: true}, {advance: time.Second}},
			drawn(start, 0) + cleared(start)},
		{"set after a pause draws again", true, []progressOp{{advance: time.Second}, {pause: true}, {set: "writing json"}},
			drawn(start, 0) + cleared(start) + drawn("writing json", 0) + cleared("writing json")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var out bytes.Buffer
			clock := newFakeClock()
			p := startProgress(&out, tc.terminal, clock, "loading plans/fy2027")
			if (p == nil) == tc.terminal {
				t.Fatalf("startProgress on a terminal %v returned %v", tc.terminal, p)
			}
			for _, op := range tc.ops {
				clock.advance(op.advance)
				switch {
				case op.pause:
					p.pause()
				case op.set != "":
					p.set(op.set)
				}
			}
			p.stop()
			clock.advance(time.Minute) // a timer left would draw now
			if got := out.String(); got != tc.want {
				t.Errorf("wrote\n%q\nwant\n%q", got, tc.want)
			}
		})
	}
}

func TestProgressLine(t *testing.T) {
	tests := []struct {
		name, stage, want string
	}{
		{"plain", "writing table", "quotaplan: writing table..."},
		{"control characters", "loading a\x1b[2Jb\r\n", "quotaplan: loading a [2Jb  ..."},
		{"cut to the width", "loading " + strings.Repeat("é", 80), "quotaplan: loading " + strings.Repeat("é", 49) + "…..."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := progressLine(tc.stage)
			if got != tc.want {
				t.Errorf("progressLine(%q) = %q, want %q", tc.stage, got, tc.want)
			}
			if n := len([]rune(got)); n > progressWidth {
				t.Errorf("line of %d runes, more than %d", n, progressWidth)
			}
		})
	}
}

// TestEvaluateReportsProgress evaluates an example plan with a progress
// whose every clock reading is a second later, so that each stage is
// drawn: the engine's steps must show, and the line must be cleared when
// evaluate returns.
func TestEvaluateReportsProgress(t *testing.T) {
	var out bytes.Buffer
	clock := newFakeClock()
	p := startProgress(&out, true, clock, "loading examples/starter")
	clock.step = time.Second
	clock.advance(time.Second)
	if _, err := evaluate(withProgress(context.Background(), p), "../../examples/starter", engine.Options{}, io.Discard); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"\rquotaplan: loading examples/starter...", "quotaplan: evaluating goals (", "quotaplan: evaluating checks ("} {
		if !strings.Contains(got, want) {
			t.Errorf("progress has no %q:\n%q", want, got)
		}
	}
	if !strings.Contains(got, " steps)...") {
		t.Errorf("progress counts no steps:\n%q", got)
	}
	if i := strings.LastIndex(got, "\r"); i != len(got)-1 || strings.TrimSpace(got[strings.LastIndex(got[:i], "\r")+1:i]) != "" {
		t.Errorf("progress not cleared at the end:\n%q", got)
	}
}

func TestNilProgress(t *testing.T) {
	var p *progress
	p.set("writing table")
	p.pause()
	p.stop()
	if p.engine() != nil {
		t.Error("a nil progress gave the engine a hook")
	}
	if progressOf(context.Background()) != nil {
		t.Error("a context without progress has one")
	}
}
