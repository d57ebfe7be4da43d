package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// completionScript runs `quotaplan completion SHELL`.
func completionScript(t *testing.T, shell string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"completion", shell}, &stdout, &stderr); code != 0 {
		t.Fatalf("completion %s: exit %d: %s", shell, code, stderr.String())
	}
	return stdout.String()
}

// TestProbeFlagsEveryCommand makes sure that every command hands its flag
// set to a probe, so that help and completion know its flags, and that
// probing runs nothing.
func TestProbeFlagsEveryCommand(t *testing.T) {
	for _, c := range commands() {
		fs := probeFlags(context.Background(), c)
		if fs == nil {
			t.Errorf("%s: no flag set reached the probe; parse its flags with fs.parse(args, stdout)", c.name)
			continue
		}
		if fs.Name() != c.name {
			t.Errorf("%s: the probe got the flag set of %q", c.name, fs.Name())
		}
	}
}

// TestCompletionCoversEveryFlag checks that each script names every
// command, every flag of every command (as that shell spells it) and every
// value of every choice flag, read from the commands' own flag sets.
func TestCompletionCoversEveryFlag(t *testing.T) {
	scripts := map[string]string{}
	for _, shell := range shellNames() {
		scripts[shell] = completionScript(t, shell)
	}
	// How each shell spells a command and a flag of it.
	spell := map[string]struct {
		command func(name string) string
		flag    func(cmd, name string) string
	}{
		"bash": {
			command: func(name string) string { return "    " + name + ")\n" },
			flag:    func(_, name string) string { return name },
		},
		"zsh": {
			command: func(name string) string { return "'" + name + ":" },
			flag:    func(_, name string) string { return name + "[" },
		},
		"fish": {
			command: func(name string) string { return "-n __fish_use_subcommand -a '" + name + "'" },
			flag: func(cmd, name string) string {
				if strings.HasPrefix(name, "--") {
					return "'__fish_seen_subcommand_from " + cmd + "' -l " + strings.TrimPrefix(name, "--") + " "
				}
				return "'__fish_seen_subcommand_from " + cmd + "' -s " + strings.TrimPrefix(name, "-") + " "
			},
		},
	}
	flags := 0
	for _, c := range commands() {
		fs := probeFlags(context.Background(), c)
		for shell, script := range scripts {
			if !strings.Contains(script, spell[shell].command(c.name)) {
				t.Errorf("%s: command %s missing", shell, c.name)
			}
		}
		fs.VisitAll(func(f *flag.Flag) {
			flags++
			name := completionFlag(f).name
			for shell, script := range scripts {
				spelt := spell[shell].flag(c.name, name)
				if shell == "zsh" && !strings.Contains(script, spelt) {
					spelt = name + "=[" // a flag that takes a value
				}
				if !strings.Contains(script, spelt) {
					t.Errorf("%s: flag %s of %s missing", shell, name, c.name)
				}
				if ch, ok := f.Value.(*choiceFlag); ok {
					values := strings.Join(ch.choices, " ")
					if !strings.Contains(script, values) {
						t.Errorf("%s: values %q of %s %s missing", shell, values, c.name, name)
					}
				}
			}
		})
	}
	if flags < 30 {
		t.Fatalf("only %d flags found: the probe does not see the commands' flags", flags)
	}
}

// TestCompletionWordsAreShellSafe: the names and values the scripts hold
// unquoted (case patterns, compgen word lists) must be plain words.
func TestCompletionWordsAreShellSafe(t *testing.T) {
	plain := regexp.MustCompile(`^-{0,2}[A-Za-z0-9][A-Za-z0-9_.-]*$`)
	for _, c := range completionCommands(context.Background()) {
		words := append([]string{c.name}, c.args.words...)
		for _, f := range c.flags {
			words = append(append(words, f.name), f.values.words...)
		}
		for _, w := range words {
			if !plain.MatchString(w) {
				t.Errorf("%s: %q is not a plain word", c.name, w)
			}
		}
	}
}

func TestCompletionArguments(t *testing.T) {
	byName := map[string]compCommand{}
	for _, c := range completionCommands(context.Background()) {
		byName[c.name] = c
	}
	tests := []struct {
		command string
		want    compValues
	}{
		{"eval", compValues{dirs: true}},
		{"explain", compValues{dirs: true}},
		{"fmt", compValues{dirs: true}},
		{"diff", compValues{files: true}},
		{"help", compValues{words: commandNames()}},
		{"completion", compValues{words: []string{"bash", "fish", "zsh"}}},
		{"version", compValues{}},
		{"lsp", compValues{}},
	}
	for _, tc := range tests {
		got := byName[tc.command].args
		if got.dirs != tc.want.dirs || got.files != tc.want.files || !slices.Equal(got.words, tc.want.words) {
			t.Errorf("%s: arguments complete %+v, want %+v", tc.command, got, tc.want)
		}
	}
}

// TestCompletionBash checks the bash script's syntax with bash -n, then
// completes command lines with it as bash would.
func TestCompletionBash(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("bash is not installed")
	}
	script := completionScript(t, "bash")
	if out, err := exec.Command(bash, "-n", "-c", script).CombinedOutput(); err != nil {
		t.Fatalf("bash -n: %v\n%s", err, out)
	}
	dir := t.TempDir()
	tests := []struct {
		words []string // the command line; the last word is the one completed
		want  string   // COMPREPLY, one per line
	}{
		{[]string{"quotaplan", "ch"}, "check"},
		{[]string{"quotaplan", "c"}, "check\ncomp\ncompletion"},
		{[]string{"quotaplan", "check", "--format", ""}, "text\njson\njunit\nsarif\ngithub"},
		{[]string{"quotaplan", "check", "--format", "=", ""}, "text\njson\njunit\nsarif\ngithub"},
		{[]string{"quotaplan", "check", "--format", "=", "s"}, "sarif"},
		{[]string{"quotaplan", "eval", "plan", "--b"}, "--by"},
		{[]string{"quotaplan", "eval", "--by", "m"}, "month"},
		{[]string{"quotaplan", "validate", "--format", "j"}, "json"},
		{[]string{"quotaplan", "help", "va"}, "validate"},
		{[]string{"quotaplan", "completion", "z"}, "zsh"},
		{[]string{"quotaplan", "eval", "--scenario", ""}, ""},
		{[]string{"quotaplan", "eval", dir + "/pl"}, dir + "/plan dir"},
		{[]string{"quotaplan", "check", "-o", dir + "/pl"}, dir + "/plan dir\n" + dir + "/plan.txt"},
	}
	if err := os.Mkdir(filepath.Join(dir, "plan dir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "plan.txt"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range tests {
		t.Run(strings.Join(tc.words, " "), func(t *testing.T) {
			var words strings.Builder
			for _, w := range tc.words {
				words.WriteString(shellQuote(w) + " ")
			}
			probe := script + "\nCOMP_WORDS=(" + words.String() + ")\nCOMP_CWORD=" + strconv.Itoa(len(tc.words)-1) +
				"\n_quotaplan\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n"
			out, err := exec.Command(bash, "-c", probe).CombinedOutput()
			if err != nil {
				t.Fatalf("bash: %v\n%s", err, out)
			}
			got := strings.Join(sortedLines(string(out)), "\n")
			want := strings.Join(sortedLines(tc.want+"\n"), "\n")
			if got != want {
				t.Errorf("completions:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}

// sortedLines splits s into its non-empty lines, sorted.
func sortedLines(s string) []string {
	var lines []string
	for l := range strings.SplitSeq(s, "\n") {
		if l != "" {
			lines = append(lines, l)
		}
	}
	slices.Sort(lines)
	return lines
}

func TestShellQuoting(t *testing.T) {
	if got, want := shellQuote("it's"), `'it'\''s'`; got != want {
		t.Errorf("shellQuote = %s, want %s", got, want)
	}
	if got, want := fishQuote(`a\b'c`), `'a\\b\'c'`; got != want {
		t.Errorf("fishQuote = %s, want %s", got, want)
	}
	if got, want := zshEscape(`a [b]: c\d`), `a \[b\]\: c\\d`; got != want {
		t.Errorf("zshEscape = %s, want %s", got, want)
	}
}
