package main

import (
	"flag"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

var update = flag.Bool("update", false, "rewrite golden files, and the cmp targets inside testdata/script/*.txtar, with the actual output")

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"quotaplan": func() { os.Exit(Main()) },
	})
}

// TestScripts runs the end-to-end scripts of testdata/script: each one is a
// txtar archive holding plan directories and the commands to run on them.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		UpdateScripts:       *update,
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("NO_COLOR", "1")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"writebytes": writeBytes,
			"islink":     isLink,
			"sleep":      sleep,
		},
	})
}

// writeBytes implements the script command `writebytes FILE 'go string'`:
// it writes the Go-unquoted string (with \xNN escapes) to FILE, for
// binary and non-UTF-8 content that a txtar archive cannot hold.
func writeBytes(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: writebytes FILE 'go string'")
	}
	data, err := strconv.Unquote(`"` + strings.ReplaceAll(args[1], `"`, `\"`) + `"`)
	ts.Check(err)
	path := ts.MkAbs(args[0])
	ts.Check(os.MkdirAll(filepath.Dir(path), 0o755))
	ts.Check(os.WriteFile(path, []byte(data), 0o644))
}

// isLink implements the script command `[!] islink FILE`: FILE is (is not)
// a symbolic link.
func isLink(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 1 {
		ts.Fatalf("usage: islink FILE")
	}
	info, err := os.Lstat(ts.MkAbs(args[0]))
	ts.Check(err)
	if link := info.Mode()&os.ModeSymlink != 0; link == neg {
		ts.Fatalf("%s: symbolic link %v, want %v", args[0], link, !neg)
	}
}

func TestTuneGC(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(math.MaxInt64))
	t.Setenv("GOMEMLIMIT", "")
	for _, tt := range []struct {
		command, gogc string
		want          int
		limit         int64
	}{
		{"eval", "", batchGCPercent, batchMemoryLimit}, {"diff", "", batchGCPercent, batchMemoryLimit},
		{"explain", "", batchGCPercent, batchMemoryLimit},
		{"eval", "200", 100, math.MaxInt64}, {"test", "", 100, math.MaxInt64},
		{"watch", "", 100, math.MaxInt64}, {"lsp", "", 100, math.MaxInt64},
	} {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		tuneGC(tt.command, tt.gogc)
		if got := debug.SetGCPercent(100); got != tt.want {
			t.Errorf("tuneGC(%q, %q): GOGC %d, want %d", tt.command, tt.gogc, got, tt.want)
		}
		if got := debug.SetMemoryLimit(-1); got != tt.limit {
			t.Errorf("tuneGC(%q, %q): memory limit %d, want %d", tt.command, tt.gogc, got, tt.limit)
		}
	}
}

// sleep implements the script command `sleep DURATION`, for a command
// started in the background to get going (serve) before it is signalled.
func sleep(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: sleep DURATION")
	}
	d, err := time.ParseDuration(args[0])
	ts.Check(err)
	time.Sleep(d)
}
