package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/rs/zerolog"

	"github.com/quotaplan/quotaplan/engine"
)

// flagSet is a command's FlagSet with the text of its usage message.
type flagSet struct {
	*flag.FlagSet
	args    string    // positional arguments, for the usage line
	summary string    // what the command does
	stderr  io.Writer // where usage errors go
}

// newFlagSet returns a FlagSet that prints nothing on its own: parse
// reports errors to stderr and the usage where it belongs.
func newFlagSet(name, args, summary string, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return &flagSet{FlagSet: fs, args: args, summary: summary, stderr: stderr}
}

// usageLine is "quotaplan eval [flags] [DIR]".
func (fs *flagSet) usageLine() string {
	return strings.TrimSpace(fmt.Sprintf("quotaplan %s [flags] %s", fs.Name(), fs.args))
}

// printUsage writes the usage line, the summary and the flags to w.
func (fs *flagSet) printUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: %s\n\n%s\n", fs.usageLine(), fs.summary)
	header := "\nFlags:\n"
	fs.VisitAll(func(f *flag.Flag) {
		fmt.Fprint(w, header)
		header = ""
		fmt.Fprintf(w, "  %s\n        %s", flagSynopsis(f), flagUsage(f))
		fmt.Fprintln(w)
	})
}

// flagSynopsis is a flag as typed: "-o FILE", "--format FORMAT", "--check".
func flagSynopsis(f *flag.Flag) string {
	dashes := "--"
	if len(f.Name) == 1 {
		dashes = "-"
	}
	placeholder, _ := flag.UnquoteUsage(f)
	if placeholder == "" {
		return dashes + f.Name
	}
	return dashes + f.Name + " " + placeholder
}

// flagUsage is a flag's usage text with its default, when it has one.
func flagUsage(f *flag.Flag) string {
	_, usage := flag.UnquoteUsage(f)
	if f.DefValue == "" || f.DefValue == "false" {
		return usage
	}
	return usage + " (default " + f.DefValue + ")"
}

// usageError prints a message and a short usage to stderr and returns exit
// code 2.
func (fs *flagSet) usageError(format string, args ...any) error {
	fmt.Fprintf(fs.stderr, "quotaplan %s: %s\n", fs.Name(), fmt.Sprintf(format, args...))
	fmt.Fprintf(fs.stderr, "Usage: %s\nRun \"quotaplan %s -h\" for the flags.\n", fs.usageLine(), fs.Name())
	return exitError{code: 2}
}

// parse parses args, allowing flags before and after the positional
// arguments; "--" ends the flags. It returns the positional arguments in
// order. -h prints the usage to stdout and returns exit code 0 (to a
// flagProbe it hands fs instead); a bad flag is a usage error (exit code 2).
func (fs *flagSet) parse(args []string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			if p, ok := stdout.(*flagProbe); ok {
				p.fs = fs
			} else {
				fs.printUsage(stdout)
			}
			return nil, exitError{code: 0}
		}
		if err != nil {
			return nil, fs.usageError("%v", err)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return pos, nil
		}
		if endedByDashes(fs.FlagSet, args, len(args)-len(rest)) {
			return append(pos, rest...), nil
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}

// endedByDashes reports whether fs.Parse stopped after consuming a "--"
// terminator: the last consumed token is "--" and it is not the value of
// the flag before it.
func endedByDashes(fs *flag.FlagSet, args []string, consumed int) bool {
	if consumed == 0 || args[consumed-1] != "--" {
		return false
	}
	if consumed < 2 {
		return true
	}
	return !takesValue(fs, args[consumed-2])
}

// takesValue reports whether tok is a flag that consumes the next token as
// its value (a non-boolean flag written without "=").
func takesValue(fs *flag.FlagSet, tok string) bool {
	if !strings.HasPrefix(tok, "-") || strings.Contains(tok, "=") {
		return false
	}
	f := fs.Lookup(strings.TrimLeft(tok, "-"))
	if f == nil {
		return false
	}
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// flagProbe is the stdout of a command run with -h only to learn its flags
// (for help and shell completion): parse hands the probe the command's own
// flag set, as the command registered it, and the command ends there, as
// every command parses its flags before it does anything. It discards
// anything written to it.
type flagProbe struct{ fs *flagSet }

func (*flagProbe) Write(p []byte) (int, error) { return len(p), nil }

// probeFlags returns the flag set of c, or nil when c parses no flags.
func probeFlags(ctx context.Context, c command) *flagSet {
	p := &flagProbe{}
	_ = c.run(ctx, []string{"-h"}, p, io.Discard) // exit code 0 after -h
	return p.fs
}

// parseDir parses args for a command that takes one optional plan
// directory, and returns it ("." when absent).
func (fs *flagSet) parseDir(args []string, stdout io.Writer) (string, error) {
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return "", err
	}
	return dirArg(fs, pos)
}

// dirArg returns the single optional DIR positional argument ("." when
// absent); more arguments are a usage error.
func dirArg(fs *flagSet, pos []string) (string, error) {
	switch len(pos) {
	case 0:
		return ".", nil
	case 1:
		return pos[0], nil
	}
	return "", fs.usageError("too many arguments: %s (expected at most one plan directory)", strings.Join(pos, " "))
}

// choiceFlag is a string flag restricted to a fixed set of values.
type choiceFlag struct {
	value   string
	choices []string
}

// newChoice registers a choice flag on fs with the default def.
func newChoice(fs *flagSet, name, def, usage string, choices ...string) *choiceFlag {
	c := &choiceFlag{value: def, choices: choices}
	fs.Var(c, name, fmt.Sprintf("%s: %s", usage, strings.Join(choices, ", ")))
	return c
}

func (c *choiceFlag) String() string {
	if c == nil {
		return ""
	}
	return c.value
}

// Set accepts one of the choices.
func (c *choiceFlag) Set(s string) error {
	for _, v := range c.choices {
		if s == v {
			c.value = s
			return nil
		}
	}
	return fmt.Errorf("must be one of %s", strings.Join(c.choices, ", "))
}

// varsFlag collects repeated --var name=value flags in order.
type varsFlag []engine.VarOverride

func (v *varsFlag) String() string {
	if v == nil {
		return ""
	}
	parts := make([]string, len(*v))
	for i, o := range *v {
		parts[i] = o.Name + "=" + o.Value
	}
	return strings.Join(parts, " ")
}

// Set accepts name=value with a non-empty name.
func (v *varsFlag) Set(s string) error {
	name, value, ok := strings.Cut(s, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return fmt.Errorf("want name=value, for example growth=0.3")
	}
	*v = append(*v, engine.VarOverride{Name: name, Value: value})
	return nil
}

// planFlags are the flags shared by the commands that load a plan.
type planFlags struct {
	scenario     string
	vars         varsFlag
	allowOutside bool
	asOf         string
	logLevel     *choiceFlag
}

// register adds the shared plan flags to fs.
func (p *planFlags) register(fs *flagSet) {
	fs.StringVar(&p.scenario, "scenario", "", "apply the variable overrides of scenario `NAME`")
	fs.Var(&p.vars, "var", "override a variable, as `name=value` (repeatable, later wins)")
	fs.BoolVar(&p.allowOutside, "allow-outside", false, "let imports read files outside the plan directory")
	fs.StringVar(&p.asOf, "as-of", "", "read the plan as of `DATE` (YYYY-MM-DD), instead of its as_of")
	p.logLevel = newChoice(fs, "log-level", "warn", "log to stderr at `LEVEL` and above", "debug", "info", "warn", "error")
}

// options returns the engine options of the flags, logging to stderr.
func (p *planFlags) options(stderr io.Writer) engine.Options {
	return engine.Options{
		Scenario:     p.scenario,
		Vars:         p.vars,
		AllowOutside: p.allowOutside,
		AsOf:         p.asOf,
		Logger:       newLogger(stderr, p.logLevel.value),
	}
}

// newLogger returns a logger writing to stderr at level: human-readable on
// a terminal, JSON lines otherwise.
func newLogger(stderr io.Writer, level string) zerolog.Logger {
	lvl, err := zerolog.ParseLevel(level)
	if err != nil {
		lvl = zerolog.WarnLevel
	}
	w := stderr
	if isTerminal(stderr) {
		w = zerolog.ConsoleWriter{Out: stderr, NoColor: os.Getenv("NO_COLOR") != ""}
	}
	return zerolog.New(w).Level(lvl).With().Timestamp().Logger()
}
