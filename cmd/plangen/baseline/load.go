package baseline

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/quotaplan/quotaplan/cmd/plangen/gen"
)

// territory is one row of the territories CSV with what is computed for it.
type territory struct {
	id, parent, segment string
	hasAccounts         bool // false for a region, whose sizing cells are empty
	accounts            float64
	winRate, dealSize   float64
	isNew               bool
	up                  *territory // parent, nil for a root
	totals              [numMeasures]float64
	capacity            float64 // let "capacity"
	meetingsNeeded      float64 // let "meetings_needed"
}

// rep is one row of the reps CSV with its quota.
type rep struct {
	id, name, role, territory, manager string
	terr                               *territory
	start, end                         *time.Time
	ote, pipeline, book                float64
	hasOTE, hasPipeline, hasBook       bool
	measure                            int  // index into measures, -1 when no quota applies
	index                              int  // in the sorted reps
	up                                 *rep // the manager, nil for none
	full, total                        float64
	periods                            []float64
}

// readCSV calls row for every data row of file, with a function that gives
// a cell by column name ("" when the column is missing).
func readCSV(dir, file string, row func(cell func(string) string) error) error {
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(file)))
	if err != nil {
		return fmt.Errorf("baseline: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		return fmt.Errorf("baseline: %s: header: %w", file, err)
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[h] = i
	}
	var rec []string
	cell := func(name string) string {
		if _, ok := cols[name]; !ok && name == "pipeline" {
			name = "crm_pipeline" // a plan with deals (gen.PipelineColumn)
		}
		if i, ok := cols[name]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	for line := 2; ; line++ {
		rec, err = r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("baseline: %s: %w", file, err)
		}
		if err := row(cell); err != nil {
			return fmt.Errorf("baseline: %s:%d: %w", file, line, err)
		}
	}
}

// loadTerritories reads the territories, sorted by id, and links parents.
func loadTerritories(dir string) ([]*territory, map[string]*territory, error) {
	var out []*territory
	err := readCSV(dir, gen.TerritoriesFile, func(cell func(string) string) error {
		t := &territory{id: cell("id"), parent: cell("parent"), segment: cell("segment"), isNew: cell("new") == "true"}
		var err error
		if t.hasAccounts, t.accounts, err = number(cell("accounts")); err != nil {
			return err
		}
		if _, t.winRate, err = number(cell("win_rate")); err != nil {
			return err
		}
		_, t.dealSize, err = number(cell("avg_deal_size"))
		out = append(out, t)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	slices.SortStableFunc(out, func(a, b *territory) int { return strings.Compare(a.id, b.id) })
	byID := make(map[string]*territory, len(out))
	for _, t := range out {
		byID[t.id] = t
	}
	for _, t := range out {
		t.up = byID[t.parent]
	}
	return out, byID, nil
}

// loadReps reads the reps, sorted by id, and links their territories.
func loadReps(dir string, terrs map[string]*territory) ([]*rep, error) {
	var out []*rep
	err := readCSV(dir, gen.RepsFile, func(cell func(string) string) error {
		r := &rep{id: cell("id"), name: cell("name"), role: cell("role"), territory: cell("territory"),
			manager: cell("manager"), measure: -1}
		r.terr = terrs[r.territory]
		if r.territory != "" && r.terr == nil {
			return fmt.Errorf("rep %s: unknown territory %q", r.id, r.territory)
		}
		var err error
		if r.start, err = date(cell("start")); err != nil {
			return err
		}
		if r.end, err = date(cell("end")); err != nil {
			return err
		}
		if r.hasOTE, r.ote, err = number(cell("ote")); err != nil {
			return err
		}
		if r.hasPipeline, r.pipeline, err = number(cell("pipeline")); err != nil {
			return err
		}
		r.hasBook, r.book, err = number(cell("book_arr"))
		out = append(out, r)
		return err
	})
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, func(a, b *rep) int { return strings.Compare(a.id, b.id) })
	byID := make(map[string]*rep, len(out))
	for i, r := range out {
		r.index = i
		byID[r.id] = r
	}
	for _, r := range out {
		r.up = byID[r.manager]
	}
	return out, nil
}

// number parses a numeric cell; an empty cell is absent.
func number(s string) (bool, float64, error) {
	if s == "" {
		return false, 0, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	return err == nil, v, err
}

// date parses a YYYY-MM-DD cell; an empty cell is nil.
func date(s string) (*time.Time, error) {
	if s == "" {
		return nil, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return nil, err
	}
	return &t, nil
}
