package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
)

// runGenerate writes a plan directory: plangen -reps N -seed S -o DIR.
func runGenerate(args []string, stdout, stderr io.Writer) error {
	flags := newFlags("plangen", stderr)
	var cfg gen.Config
	flags.IntVar(&cfg.Reps, "reps", 1000, "number of reps, managers included (at least 4)")
	flags.IntVar(&cfg.Territories, "territories", 0, "number of territories, regions included (0: reps/40, at least 3)")
	flags.Uint64Var(&cfg.Seed, "seed", 1, "seed of every random choice: the same flags write the same files")
	flags.IntVar(&cfg.Deals, "deals", 10, "deals per rep in data/deals.csv, with actual and pipeline blocks (0: none)")
	out := flags.String("o", "", "plan directory to write (required)")
	force := flags.Bool("force", false, "write over the generated files of a non-empty directory")
	rest, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(rest) > 0 {
		return usageError("unexpected argument %q (commands: baseline, bench; a plan directory goes to -o)", rest[0])
	}
	if *out == "" {
		return usageError("-o DIR is required")
	}
	if cfg.Reps < 4 {
		return usageError("-reps must be at least 4, not %d", cfg.Reps)
	}
	if err := checkEmpty(*out, *force); err != nil {
		return err
	}
	if err := gen.Generate(*out, cfg); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote a plan of %d reps to %s\n", cfg.Reps, *out)
	return nil
}

// checkEmpty refuses a directory that holds anything, unless force.
func checkEmpty(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil
	case err != nil:
		return err
	case len(entries) > 0 && !force:
		return fmt.Errorf("%s is not empty; use -force to write the plan over it", dir)
	}
	return nil
}
