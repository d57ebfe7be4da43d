package main

import (
	"context"
	"fmt"
	"github.com/quotaplan/quotaplan/plans/words"
	"io"
	"strings"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// runExplain implements `quotaplan explain DIR REP [MEASURE] [PERIOD]`,
// `explain DIR goal:ID`, `explain DIR check:ID [SUBJECT]`, `explain DIR
// let:NAME [SUBJECT]` and `explain DIR territory:ID`: the derivation of a
// number, each step with its value and file:line.
func runExplain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("explain", "DIR REP [MEASURE] [PERIOD] | DIR goal:ID | DIR check:ID [SUBJECT] | DIR let:NAME [SUBJECT] | DIR territory:ID | DIR account:ID",
		"Explain how a number of the plan in DIR was made: each factor and rule step with its value and file:line.\n"+
			"PERIOD is a month id (2027-03), H1..Hn, Q1..Qn or FY. Without PERIOD: the plan-year total with every month's\n"+
			"factors; without MEASURE: every measure of the rep. let:NAME explains a let for a rep or territory SUBJECT\n"+
			"(none for a plan let); territory:ID its roll-ups, lets and attributes; account:ID the territory the carve\n"+
			"or an override gives it. REP comp:ID [PERIOD] what a comp pays the rep: target pay, each payout period or one\n"+
			"period's tiers and cap. Prefix a rep id with rep: when it\n"+
			"starts with goal:, check:, let: or territory:.", stderr)
	var pf planFlags
	pf.register(fs)
	format := newChoice(fs, "format", "text", "print the explanation as `FORMAT`", render.ExplainFormats()...)
	depth := fs.Int("depth", engine.DefaultExplainDepth, "expand derived values (lets, quotas read, aggregates) `N` levels deep")
	pos, err := fs.parse(args, stdout)
	if err != nil {
		return err
	}
	if len(pos) < 2 || len(pos) > 4 {
		return fs.usageError("want a plan directory and what to explain, e.g. quotaplan explain examples/starter alice new_arr 2027-05")
	}
	sn, err := evaluate(ctx, pos[0], pf.options(stderr), stderr)
	if err != nil {
		return err
	}
	n, err := explainTarget(sn.Explainer(), pos[1:], engine.ExplainOptions{Depth: *depth})
	if err != nil {
		fmt.Fprintf(stderr, "error: %s\n", words.UpperFirst(err.Error()))
		return exitError{code: 2}
	}
	return emit(stdout, "", func(w io.Writer) error { return render.Explain(w, format.value, n) })
}

// explainTarget dispatches on what is explained: goal:ID, check:ID
// [SUBJECT], let:NAME [SUBJECT], territory:ID or a rep.
func explainTarget(ex *engine.Explainer, args []string, o engine.ExplainOptions) (*engine.Node, error) {
	target, rest := args[0], args[1:]
	switch {
	case strings.HasPrefix(target, "goal:"):
		if len(rest) > 0 {
			return nil, fmt.Errorf("goal:ID takes no further arguments")
		}
		return ex.Goal(strings.TrimPrefix(target, "goal:"), o)
	case strings.HasPrefix(target, "check:"):
		if len(rest) > 1 {
			return nil, fmt.Errorf("check:ID takes at most a SUBJECT")
		}
		subject := ""
		if len(rest) == 1 {
			subject = rest[0]
		}
		return ex.Check(strings.TrimPrefix(target, "check:"), subject, o)
	case strings.HasPrefix(target, "let:"):
		if len(rest) > 1 {
			return nil, fmt.Errorf("explain let:NAME takes at most a SUBJECT (a rep or territory id)")
		}
		subject := ""
		if len(rest) == 1 {
			subject = rest[0]
		}
		return ex.Let(strings.TrimPrefix(target, "let:"), subject, o)
	case strings.HasPrefix(target, "territory:"):
		if len(rest) > 0 {
			return nil, fmt.Errorf("explain territory:ID takes no further arguments")
		}
		return ex.Territory(strings.TrimPrefix(target, "territory:"), o)
	case strings.HasPrefix(target, "account:"):
		if len(rest) > 0 {
			return nil, fmt.Errorf("explain account:ID takes no further arguments")
		}
		return ex.Account(strings.TrimPrefix(target, "account:"), o)
	}
	rep := strings.TrimPrefix(target, "rep:")
	measure, period := "", ""
	if len(rest) > 0 {
		measure = rest[0]
	}
	if len(rest) > 1 {
		period = rest[1]
	}
	if id, ok := strings.CutPrefix(measure, "comp:"); ok {
		return ex.Comp(rep, id, period, o)
	}
	return ex.Rep(rep, measure, period, o)
}
