package main

import (
	"bytes"
	"context"
	"io"
	"regexp"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// runTest implements `quotaplan test [DIR]`: run the plan's test blocks.
func runTest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("test", "[DIR]", "Run the test blocks of the plan in DIR.\nExit 0 when all pass, 1 when some fail, 2 when the plan is invalid.", stderr)
	var pf planFlags
	pf.register(fs)
	runPattern := fs.String("run", "", "run only the tests whose name matches `REGEX`")
	junit := fs.String("junit", "", "also write a JUnit XML report to `FILE` (for CI systems)")
	dir, err := fs.parseDir(args, stdout)
	if err != nil {
		return err
	}
	var filter *regexp.Regexp
	if *runPattern != "" {
		if filter, err = regexp.Compile(*runPattern); err != nil {
			return fs.usageError("--run: %v", err)
		}
	}
	m, sources, diags := engine.Load(dir, pf.options(stderr))
	if err := reportDiags(stderr, diags, sources); err != nil {
		return err
	}
	results, diags := m.RunTests(ctx, filter)
	if err := reportDiags(stderr, diags, sources); err != nil {
		return err
	}
	var in inputs
	in.addPlan(dir, sources)
	if err := checkOutput(stderr, "--junit", *junit, "xml", in); err != nil {
		return err
	}
	if *junit != "" {
		var buf bytes.Buffer
		if err := render.JUnit(&buf, m.Plan.ID, results); err != nil {
			return err
		}
		if err := writeFileAtomic(*junit, buf.Bytes(), regenerable); err != nil {
			return err
		}
	}
	if err := emit(stdout, "", func(w io.Writer) error { return render.Tests(w, results, useColor(stdout)) }); err != nil {
		return err
	}
	for _, r := range results {
		if r.Status != engine.TestPass {
			return exitError{code: 1}
		}
	}
	return nil
}
