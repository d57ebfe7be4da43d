package baseline

import (
	"bufio"
	"fmt"
	"io"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
)

// Run evaluates the plan that plangen generated in dir and writes to w the
// JSON result, byte for byte what `quotaplan eval DIR --format json` writes
// for it. It reads only the CSV files: the rules are coded in this package
// with the figures of gen.PlanRules.
func Run(dir string, w io.Writer) error {
	e := newEvaluation(gen.PlanRules())
	var (
		byID map[string]*territory
		err  error
	)
	if e.territories, byID, err = loadTerritories(dir); err != nil {
		return err
	}
	if e.reps, err = loadReps(dir, byID); err != nil {
		return err
	}
	if err := e.loadActuals(dir); err != nil {
		return err
	}
	if err := e.evaluate(); err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 256<<10)
	e.writeJSON(newJSONWriter(bw))
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("baseline: write result: %w", err)
	}
	return nil
}
