package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"syscall"

	"github.com/mattn/go-isatty"
)

func main() { os.Exit(Main()) }

// Main runs the quotaplan command line with os.Args and returns the exit
// code. It stops the running command on SIGINT or SIGTERM.
func Main() int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(os.Args) > 1 {
		tuneGC(os.Args[1], os.Getenv("GOGC"))
	}
	return run(ctx, os.Args[1:], os.Stdout, os.Stderr)
}

// batchGCPercent is the garbage collector's GOGC for commands that load a
// plan, evaluate it once and exit: they keep nearly everything they
// allocate to the end (10k reps allocate about 40 MB, 100k about 360 MB,
// and little of it is garbage), so collecting every time the heap doubles
// is wasted work. At 4000 the first collection waits for a heap of 160 MB:
// a 10k-rep plan is never collected (at 1000 it was, once, at 40 MB, for
// about 5 ms of its 85), and a 100k-rep plan once, which keeps its peak
// near 300 MiB. test evaluates once per scenario and drops each result,
// and watch and lsp run for hours: they keep Go's default, and a GOGC set
// by the user wins.
const batchGCPercent = 4000

// batchMemoryLimit is a soft limit on the heap of those commands (Go's
// GOMEMLIMIT): above it the collector runs whatever GOGC says, so that
// the short-lived garbage of a big input (the syntax tree of a large HCL
// file, a 2-million-row CSV) is collected instead of doubling the peak. A
// 100k-rep plan stays well below it, so it costs such plans nothing.
const batchMemoryLimit = 1 << 30

// tuneGC sets batchGCPercent and batchMemoryLimit for the commands that
// evaluate once, unless the user set GOGC.
func tuneGC(command, gogc string) {
	if gogc != "" || command == "watch" || command == "lsp" || command == "test" {
		return
	}
	debug.SetGCPercent(batchGCPercent)
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(batchMemoryLimit)
	}
}

// exitError ends a command with an exit code after everything worth saying
// has already been printed: Main prints nothing more.
type exitError struct{ code int }

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// command is a subcommand: its name, a one-line summary and its body.
type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, stdout, stderr io.Writer) error
}

// commands lists the subcommands in the order help shows them. help and
// shell completion take the flags of each from its own flag set (see
// probeFlags), so that they always match what the command accepts.
func commands() []command {
	return []command{
		{"eval", "evaluate a plan and print its quotas", runEval},
		{"check", "evaluate a plan and print its check results", runCheck},
		{"validate", "load and type-check a plan without evaluating it", runValidate},
		{"explain", "explain how a number was made, step by step with file:line", runExplain},
		{"attainment", "print actuals against quota to date, the attainment distribution and forecast accuracy", runAttainment},
		{"test", "run the plan's test blocks", runTest},
		{"diff", "compare two versions of a plan: quotas, goals and checks", runDiff},
		{"watch", "re-evaluate a plan on every change and print what changed", runWatch},
		{"lsp", "serve the Language Server Protocol on stdin/stdout for editors", runLSP},
		{"fmt", "rewrite a plan's HCL files in canonical format", runFmt},
		{"completion", "print a shell completion script for bash, zsh or fish", runCompletion},
		{"version", "print the version of quotaplan", runVersion},
		{"help", "print help about quotaplan or one of its commands", runHelp},
	}
}

// run dispatches args to a command and maps its error to an exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		printHelp(stderr)
		return 2
	}
	name := args[0]
	switch name {
	case "-h", "-help", "--help":
		name = "help"
	case "-version", "--version":
		name = "version"
	}
	cmd, ok := lookupCommand(name)
	if !ok {
		unknownCommand(stderr, "quotaplan", name)
		return 2
	}
	return exitCode(cmd.run(ctx, args[1:], stdout, stderr), stderr)
}

// lookupCommand finds a command by name.
func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

// commandNames lists the names of the commands, in help order.
func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return names
}

// exitCode maps a command's error to an exit code, printing errors that
// were not printed yet. Failures that are not about a plan's content (I/O,
// a cancelled run) exit 2 like an invalid plan: codes 1 and 3 keep their
// meaning of "ran fine, found something".
func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return 0
	}
	var e exitError
	if errors.As(err, &e) {
		return e.code
	}
	fmt.Fprintf(stderr, "quotaplan: %v\n", err)
	return 2
}

// runVersion implements `quotaplan version`.
func runVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version", "", "Print the version of quotaplan.", stderr)
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fs.usageError("unexpected arguments")
	}
	fmt.Fprintf(stdout, "quotaplan %s\n", version())
	return nil
}

// version is the module version the binary was built from, or "(devel)".
func version() string {
	info, ok := debug.ReadBuildInfo()
	if !ok || info.Main.Version == "" {
		return "(devel)"
	}
	return info.Main.Version
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	if !ok {
		return false
	}
	return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd())
}

// useColor reports whether output to w may use ANSI colour: w is a
// terminal and NO_COLOR is unset.
func useColor(w io.Writer) bool {
	return os.Getenv("NO_COLOR") == "" && isTerminal(w)
}
