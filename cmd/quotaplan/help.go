package main

import (
	"context"
	"fmt"
	"io"

	"github.com/quotaplan/quotaplan/rules"
)

// example is a worked example of a command: what it does and the command
// line, run from the root of the quotaplan repository, whose examples/
// directory holds the plans it names.
type example struct {
	what string
	line string
}

// examples are the worked examples `quotaplan help COMMAND` prints, 2 to 4
// for each command, on the plans shipped in examples/.
var examples = map[string][]example{
	"eval": {
		{"Every rep's quotas by quarter, the team and territory roll-ups, the goals and failed checks:",
			"quotaplan eval examples/starter"},
		{"The whole plan month by month, under the stretch scenario:",
			"quotaplan eval examples/saas-fy2027 --by month --scenario stretch"},
		{"What if the AE quota were 660,000? As markdown, for a pull request:",
			"quotaplan eval examples/starter --var ae_quota=660000 --format markdown"},
		{"Save the result as JSON, to diff against later:",
			"quotaplan eval examples/saas-fy2027 --format json -o saas-fy2027.json"},
	},
	"check": {
		{"The failed checks by severity, each with its file:line; exit 1 when an error check fails:",
			"quotaplan check examples/saas-fy2027"},
		{"Fail a CI job on warnings too, listing the passed results as well:",
			"quotaplan check examples/saas-fy2027 --fail-on warning --all"},
		{"A SARIF log for GitHub code scanning, pointing at each failed rep's CSV row:",
			"quotaplan check examples/saas-fy2027 --format sarif -o checks.sarif"},
		{"Annotations on a pull request, from a GitHub Actions step:",
			"quotaplan check examples/saas-fy2027 --format github"},
	},
	"validate": {
		{"Load the plan and type-check every rule, without evaluating it:",
			"quotaplan validate examples/saas-fy2027"},
		{"The errors and warnings as JSON, for a script or an editor:",
			"quotaplan validate examples/starter --format json"},
	},
	"explain": {
		{"How carol's new_arr quota for Q2 was made, rule by rule with file:line:",
			"quotaplan explain examples/starter carol new_arr Q2"},
		{"How much of the new_arr goal the quotas cover, and from whom:",
			"quotaplan explain examples/saas-fy2027 goal:new_arr"},
		{"Why the quota_to_ote check failed for hmuller:",
			"quotaplan explain examples/saas-fy2027 check:quota_to_ote hmuller"},
	},
	"attainment": {
		{"Each agent's Q1 bookings against quota to date on a public CRM sample, the distribution and the unassigned deals:",
			"quotaplan attainment examples/crm-2017"},
		{"The same as it stood on 2017-11-15, halfway through the quarter, as JSON:",
			"quotaplan attainment examples/crm-2017 --as-of 2017-11-15 --format json"},
	},
	"comp": {
		{"Each rep's target pay and payouts to date, the payout curves and the cost at 50% to 150%:",
			"quotaplan comp examples/saas-fy2027"},
		{"What the CRM sample's agents are paid for Q1:",
			"quotaplan comp examples/crm-2017"},
		{"What the plan would cost at 80%, 100% and 120% attainment, as JSON:",
			"quotaplan comp engine/testdata/comp --attainment 0.8,1,1.2 --format json"},
	},
	"test": {
		{"Run the plan's test blocks:",
			"quotaplan test examples/starter"},
		{"Only the tests whose name matches \"ramp\", with a JUnit report for CI:",
			"quotaplan test examples/saas-fy2027 --run ramp --junit tests.xml"},
	},
	"diff": {
		{"What the stretch scenario changes, between two saved results:",
			"quotaplan diff examples/testdata/saas-fy2027.json examples/testdata/saas-fy2027-stretch.json"},
		{"The biggest changes first, as markdown for a pull request comment:",
			"quotaplan diff examples/testdata/starter.json examples/testdata/starter-stretch.json --sort delta --format markdown"},
		{"What the working tree changes in a plan since the last commit:",
			"quotaplan diff --git HEAD examples/saas-fy2027"},
	},
	"territories": {
		{"Account counts per territory, per rep that carries a quota:",
			"quotaplan territories examples/saas-fy2027"},
		{"The potential of each book per rep, and how balanced the territories are:",
			"quotaplan territories examples/saas-fy2027 --metric account.potential_usd"},
	},
	"balance": {
		{"Five moves that even out the potential per rep, inside each region:",
			"quotaplan balance examples/saas-fy2027 --metric account.potential_usd --within territory.region --max-moves 5"},
		{"The same moves as an overrides file for the carve block:",
			"quotaplan balance examples/saas-fy2027 --metric account.potential_usd --within territory.region --max-moves 5 -o moves.csv"},
	},
	"serve": {
		{"Open the plan in a browser at http://127.0.0.1:8080/; pages follow every save:",
			"quotaplan serve examples/saas-fy2027"},
		{"Add a page of what changed since the last commit, on another port:",
			"quotaplan serve examples/starter --base HEAD --addr 127.0.0.1:9000"},
	},
	"report": {
		{"The web view as one HTML file to attach to a pull request or an e-mail:",
			"quotaplan report examples/saas-fy2027 -o report.html"},
		{"The same under a scenario:",
			"quotaplan report examples/starter --scenario stretch -o stretch.html"},
	},
	"letters": {
		{"A quota letter per rep, with an index, in HTML:",
			"quotaplan letters examples/saas-fy2027 -o letters"},
		{"One rep's letter in markdown:",
			"quotaplan letters examples/starter --rep carol --format markdown -o letters"},
	},
	"watch": {
		{"Re-evaluate on every save and print what changed:",
			"quotaplan watch examples/saas-fy2027"},
		{"The same as one JSON object per evaluation, under a scenario:",
			"quotaplan watch examples/starter --json --scenario stretch"},
	},
	"lsp": {
		{"Started by an editor, which talks to it on stdin and stdout:",
			"quotaplan lsp"},
		{"Show the quotas of a scenario in hovers and inlay hints:",
			"quotaplan lsp --scenario stretch"},
	},
	"fmt": {
		{"Rewrite the plan's HCL files in canonical format:",
			"quotaplan fmt examples/saas-fy2027"},
		{"In CI: list the files that are not formatted and exit 1 if there are any:",
			"quotaplan fmt examples/starter --check"},
		{"Show the changes fmt would make, writing nothing:",
			"quotaplan fmt examples/starter --diff"},
	},
	"completion": {
		{"Bash: load the completions in every new shell:",
			"quotaplan completion bash > ~/.local/share/bash-completion/completions/quotaplan"},
		{"Zsh: a completion function on the fpath:",
			"quotaplan completion zsh > \"${fpath[1]}/_quotaplan\""},
		{"Fish:",
			"quotaplan completion fish > ~/.config/fish/completions/quotaplan.fish"},
	},
	"version": {
		{"The version quotaplan was built from:", "quotaplan version"},
		{"The same, as a flag:", "quotaplan --version"},
	},
	"help": {
		{"The commands:", "quotaplan help"},
		{"The usage, flags and examples of check:", "quotaplan help check"},
	},
}

// runHelp implements `quotaplan help [COMMAND]`.
func runHelp(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("help", "[COMMAND]", "Print the commands of quotaplan, or the usage, flags and worked examples of COMMAND.", stderr)
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	switch {
	case len(pos) == 0:
		printHelp(stdout)
		return nil
	case len(pos) > 1:
		return fs.usageError("too many arguments: expected at most one command")
	}
	cmd, ok := lookupCommand(pos[0])
	if !ok {
		unknownCommand(stderr, "quotaplan help", pos[0])
		return exitError{code: 2}
	}
	cfs := probeFlags(ctx, cmd)
	if cfs == nil {
		return fmt.Errorf("help %s: the command registers no flag set", cmd.name)
	}
	cfs.printUsage(stdout)
	printExamples(stdout, cmd.name)
	return nil
}

// printExamples writes the worked examples of a command.
func printExamples(w io.Writer, name string) {
	list := examples[name]
	if len(list) == 0 {
		return
	}
	fmt.Fprint(w, "\nExamples (from the root of the quotaplan repository):\n")
	for _, e := range list {
		fmt.Fprintf(w, "  %s\n    %s\n", e.what, e.line)
	}
}

// unknownCommand reports a command name that is not one, with the closest
// command when one is near (`unknown command "evl". Did you mean "eval"?`),
// then the list of commands. who is "quotaplan" or "quotaplan help".
func unknownCommand(stderr io.Writer, who, name string) {
	fmt.Fprintf(stderr, "%s: unknown command %q.%s\n\n", who, name, rules.Suggest(name, commandNames()))
	printCommands(stderr)
}

// printHelp writes the general usage.
func printHelp(w io.Writer) {
	fmt.Fprint(w, "quotaplan evaluates sales quota plans written as HCL files with expr rules.\n\n")
	fmt.Fprint(w, "Usage: quotaplan COMMAND [flags] [DIR]\n\n")
	printCommands(w)
	fmt.Fprint(w, "\nDIR is the plan directory (default \".\"). Flags may stand before or after it.\n")
	fmt.Fprint(w, "Run \"quotaplan help COMMAND\" for the flags and examples of a command.\n")
}

// printCommands writes the list of commands, their summaries aligned two
// spaces after the longest name.
func printCommands(w io.Writer) {
	fmt.Fprint(w, "Commands:\n")
	width := 0
	for _, c := range commands() {
		width = max(width, len(c.name))
	}
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c.name, c.summary)
	}
}
