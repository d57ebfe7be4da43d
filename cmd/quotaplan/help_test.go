package main

import (
	"bytes"
	"context"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// exampleArgs splits an example's command line into the arguments after
// "quotaplan", up to a shell redirection.
func exampleArgs(line string) []string {
	line, _, _ = strings.Cut(line, " > ")
	return strings.Fields(line)[1:]
}

// TestExamplesEveryCommand: every command has 2 to 4 worked examples, each
// a command line of that command whose flags the command accepts, and no
// example belongs to a command that does not exist.
func TestExamplesEveryCommand(t *testing.T) {
	for _, c := range commands() {
		list := examples[c.name]
		if n := len(list); n < 2 || n > 4 {
			t.Errorf("%s: %d examples, want 2 to 4", c.name, n)
		}
		for _, e := range list {
			if e.what == "" || !strings.HasPrefix(e.line, "quotaplan ") {
				t.Errorf("%s: example %q: want a description and a quotaplan command line", c.name, e.line)
				continue
			}
			args := exampleArgs(e.line)
			if args[0] == "--"+c.name {
				continue // quotaplan --version
			}
			if args[0] != c.name {
				t.Errorf("%s: example %q runs another command", c.name, e.line)
				continue
			}
			var stderr bytes.Buffer
			fs := probeFlags(context.Background(), c)
			fs.stderr = &stderr
			if _, err := fs.parse(args[1:], io.Discard); err != nil {
				t.Errorf("%s: example %q does not parse: %s", c.name, e.line, stderr.String())
			}
		}
	}
	for name := range examples {
		if _, ok := lookupCommand(name); !ok {
			t.Errorf("examples for %q, which is not a command", name)
		}
	}
}

// TestExamplesRun runs the examples that end, from the root of the
// repository as they say, and checks their exit codes: every example must
// work as printed. Output files go to a temporary directory.
func TestExamplesRun(t *testing.T) {
	skip := map[string]string{
		"watch": "runs until interrupted",
		"serve": "runs until interrupted",
		"lsp":   "waits for an editor",
	}
	// Exit codes other than 0 that an example is expected to give.
	wantCode := map[string]int{
		"quotaplan diff examples/testdata/saas-fy2027.json examples/testdata/saas-fy2027-stretch.json":                        3,
		"quotaplan diff examples/testdata/starter.json examples/testdata/starter-stretch.json --sort delta --format markdown": 3,
		"quotaplan check examples/saas-fy2027 --fail-on warning --all":                                                        1,
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out := t.TempDir()
	t.Chdir(root)
	for _, c := range commands() {
		if why, ok := skip[c.name]; ok {
			t.Logf("%s: not run: %s", c.name, why)
			continue
		}
		for _, e := range examples[c.name] {
			args := exampleArgs(e.line)
			if c.name == "diff" && strings.Contains(e.line, "--git") || c.name == "fmt" && !strings.Contains(e.line, "--") {
				continue // needs a git checkout; would rewrite the shipped plan
			}
			for i, a := range args {
				if i > 0 && (args[i-1] == "-o" || args[i-1] == "--junit") {
					args[i] = filepath.Join(out, a)
				}
			}
			t.Run(strings.Join(args, " "), func(t *testing.T) {
				var stdout, stderr bytes.Buffer
				code := run(context.Background(), args, &stdout, &stderr)
				if code != wantCode[e.line] {
					t.Errorf("exit %d, want %d\nstderr: %s", code, wantCode[e.line], stderr.String())
				}
				if stdout.Len() == 0 && !strings.Contains(e.line, " -o ") && c.name != "fmt" { // a formatted plan: nothing to say
					t.Errorf("no output")
				}
			})
		}
	}
}

func TestUnknownCommand(t *testing.T) {
	tests := []struct {
		name, want string
	}{
		{"evl", `quotaplan: unknown command "evl". Did you mean "eval"?`},
		{"chek", `quotaplan: unknown command "chek". Did you mean "check"?`},
		{"valdiate", `quotaplan: unknown command "valdiate". Did you mean "validate"?`},
		{"completions", `quotaplan: unknown command "completions". Did you mean "completion"?`},
		{"frobnicate", `quotaplan: unknown command "frobnicate".`},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{tc.name}, &stdout, &stderr); code != 2 {
			t.Errorf("%s: exit %d, want 2", tc.name, code)
		}
		first, _, _ := strings.Cut(stderr.String(), "\n")
		if first != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, first, tc.want)
		}
		if !strings.Contains(stderr.String(), "\n  completion  ") || stdout.Len() != 0 {
			t.Errorf("%s: want the commands on stderr and nothing on stdout", tc.name)
		}
	}
}
