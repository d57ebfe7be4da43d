package watch

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/quotaplan/quotaplan/engine"
	"github.com/quotaplan/quotaplan/engine/front/render"
)

// saveKind is one way an editor or a tool changes a file.
type saveKind int

const (
	saveAtomic     saveKind = iota // temporary file renamed over the original
	saveTruncating                 // truncate, then write in place
	saveRecreate                   // delete, then create again
	saveBroken                     // a broken intermediate state
	saveKinds
)

// TestRapidSaves drives 1,000 saves without pause, mixing atomic renames,
// truncating writes, deletes and re-creates and broken states: the watcher
// stays up, its final report equals a fresh evaluation, and it leaves no
// goroutine behind.
func TestRapidSaves(t *testing.T) {
	saves := 1000
	if testing.Short() {
		saves = 200
	}
	before := runtime.NumGoroutine()
	dir := fixture(t)
	s := start(t, dir, Options{Debounce: 10 * time.Millisecond, MaxDelay: 100 * time.Millisecond})
	wantOK(t, s.next())

	rng := rand.New(rand.NewPCG(1, 2))
	csv, plan := filepath.Join(dir, repsCSV), filepath.Join(dir, planHCL)
	planText := read(t, plan)
	for i := range saves {
		base := 100000 + 1000*rng.IntN(500)
		content := fmt.Sprintf("id,name,role,base\nalice,Alice Chen,AE,%d\nbob,Bob Okafor,AE,480000\n", base)
		save(t, saveKind(rng.IntN(int(saveKinds))), csv, plan, content, planText, i)
	}
	// The last save leaves a valid plan.
	writeAtomic(t, plan, planText)
	writeAtomic(t, csv, "id,name,role,base\nalice,Alice Chen,AE,654000\nbob,Bob Okafor,AE,480000\n")

	last := s.quiet(500 * time.Millisecond)
	wantOK(t, last)
	if got, want := renderJSON(t, last.Result), renderJSON(t, fresh(t, dir)); got != want {
		t.Errorf("final report differs from a fresh evaluation:\n%s\nwant\n%s", got, want)
	}
	s.stop()
	settleGoroutines(t, before)
}

// save changes the plan one way.
func save(t *testing.T, kind saveKind, csv, plan, content, planText string, i int) {
	switch kind {
	case saveAtomic:
		writeAtomic(t, csv, content)
	case saveTruncating:
		writeTruncating(t, csv, content)
	case saveRecreate:
		if err := os.Remove(csv); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		writeTruncating(t, csv, content)
	case saveBroken:
		if i%2 == 0 {
			writeTruncating(t, csv, content[:len(content)/2]+"\"")
		} else {
			writeAtomic(t, plan, strings.Replace(planText, "rep.base", "rep.bsae", 1))
			writeAtomic(t, plan, planText)
		}
	}
}

// renderJSON renders a result as `eval --format json` does.
func renderJSON(t testing.TB, r *engine.Result) string {
	t.Helper()
	var b bytes.Buffer
	if err := render.JSON(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
