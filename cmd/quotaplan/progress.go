package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/rs/zerolog"
)

// Timing of the progress line.
const (
	// progressDelay is how long a command runs before it shows what it is
	// doing: a command that ends sooner prints nothing.
	progressDelay = time.Second
	// progressRedraw is the least time between two redraws, so that a plan
	// of many rules does not flood the terminal.
	progressRedraw = 100 * time.Millisecond
	// progressWidth bounds the line in runes: a line that wrapped could
	// not be rewritten in place.
	progressWidth = 72
)

// progress shows what a long command is doing as a single line on stderr,
// "quotaplan: evaluating new_arr (3/7 steps)...", rewritten in place with
// \r and cleared at the end. It appears only once the command has run for
// progressDelay, and only on a terminal: a nil *progress, which is what
// newProgress returns otherwise, does nothing, so tests and CI see no
// change.
type progress struct {
	w     io.Writer
	clock clock
	start time.Time

	mu     sync.Mutex
	stage  string    // what the command does now; "" while paused
	width  int       // runes of the line on screen, 0 when none
	drawn  time.Time // when the line was last drawn
	armed  bool      // a timer will call tick
	cancel func() bool
	done   bool
}

// clock is the time source of progress: the system's, or a fake in tests.
type clock interface {
	Now() time.Time
	// AfterFunc calls f in its own goroutine after d; stop cancels that.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// systemClock is the real clock.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) func() bool { return time.AfterFunc(d, f).Stop }

// newProgress returns the progress of a command that writes diagnostics to
// stderr, starting at stage; nil when stderr is not a terminal, or when log
// writes more than warnings there, as its lines would break the line of
// progress.
func newProgress(stderr io.Writer, log zerolog.Logger, stage string) *progress {
	return startProgress(stderr, isTerminal(stderr) && log.GetLevel() >= zerolog.WarnLevel, systemClock{}, stage)
}

// startProgress returns a progress on w at stage, timed by c; nil unless w
// is a terminal.
func startProgress(w io.Writer, terminal bool, c clock, stage string) *progress {
	if !terminal {
		return nil
	}
	p := &progress{w: w, clock: c, start: c.Now(), stage: stage, armed: true}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cancel = c.AfterFunc(progressDelay, p.tick)
	return p
}

// set says what the command does now. The line shows it at once when the
// command has run long enough, or at the latest progressRedraw later.
func (p *progress) set(stage string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.done {
		return
	}
	p.stage = stage
	now := p.clock.Now()
	if now.Sub(p.start) < progressDelay || p.armed {
		return // the timer shows it
	}
	if wait := progressRedraw - now.Sub(p.drawn); p.width > 0 && wait > 0 {
		p.armed = true
		p.cancel = p.clock.AfterFunc(wait, p.tick)
		return
	}
	p.draw(now)
}

// engine returns the engine's progress hook, nil for a nil progress so
// that the engine skips it.
func (p *progress) engine() func(stage string, done, total int) {
	if p == nil {
		return nil
	}
	return func(stage string, done, total int) {
		p.set(fmt.Sprintf("evaluating %s (%d/%d steps)", stage, done+1, total))
	}
}

// tick is the timer's: it shows the stage of now.
func (p *progress) tick() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.armed = false
	if p.done || p.stage == "" {
		return
	}
	p.draw(p.clock.Now())
}

// pause clears the line, so that the command may write to the terminal,
// until the next set.
func (p *progress) pause() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.stage = ""
	p.clear()
}

// stop clears the line for good.
func (p *progress) stop() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = true
	if p.armed {
		p.cancel()
		p.armed = false
	}
	p.clear()
}

// draw rewrites the line with the stage; p.mu is held.
func (p *progress) draw(now time.Time) {
	line := progressLine(p.stage)
	n := utf8.RuneCountInString(line)
	_, _ = io.WriteString(p.w, "\r"+line+strings.Repeat(" ", max(p.width-n, 0)))
	p.width, p.drawn = n, now
}

// clear erases the line; p.mu is held.
func (p *progress) clear() {
	if p.width == 0 {
		return
	}
	_, _ = io.WriteString(p.w, "\r"+strings.Repeat(" ", p.width)+"\r")
	p.width = 0
}

// progressLine is the line that shows stage: control characters, which
// could move the cursor, become spaces, and a stage too long for
// progressWidth is cut.
func progressLine(stage string) string {
	stage = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, stage)
	const prefix, suffix = "quotaplan: ", "..."
	if room := progressWidth - len(prefix) - len(suffix); utf8.RuneCountInString(stage) > room {
		stage = string([]rune(stage)[:room-1]) + "…"
	}
	return prefix + stage + suffix
}

// progressKey keys the progress of a command in its context.
type progressKey struct{}

// withProgress returns ctx carrying p, for evaluate to report to.
func withProgress(ctx context.Context, p *progress) context.Context {
	return context.WithValue(ctx, progressKey{}, p)
}

// progressOf returns the progress carried by ctx, nil when none.
func progressOf(ctx context.Context) *progress {
	p, _ := ctx.Value(progressKey{}).(*progress)
	return p
}
