package gen

import (
	"slices"
	"strconv"
	"testing"
	"time"
)

// TestDealsShape: Config.Deals deals per rep, owned by AEs, about 60% won,
// 25% open and the rest lost, one in ten split with another AE at 0.3 or
// 0.5, won and lost ones closed from a year before the plan to as_of, open
// ones after as_of within the plan; the reps' pipeline column is renamed
// so that it does not clash with rep.pipeline.
func TestDealsShape(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Reps: 500, Seed: 3, Deals: 10}
	if err := Generate(dir, cfg); err != nil {
		t.Fatal(err)
	}
	reps := readCSV(t, dir, RepsFile)
	if !slices.Contains(reps[0], "crm_pipeline") || slices.Contains(reps[0], "pipeline") {
		t.Errorf("reps header %v, want crm_pipeline instead of pipeline", reps[0])
	}
	role := map[string]string{}
	for _, r := range reps[1:] {
		role[r[0]] = r[2]
	}
	deals := readCSV(t, dir, DealsFile)
	if !slices.Equal(deals[0], DealColumns) {
		t.Fatalf("deals header %v, want %v", deals[0], DealColumns)
	}
	rows := deals[1:]
	if len(rows) != cfg.Deals*cfg.Reps {
		t.Fatalf("%d deals, want %d", len(rows), cfg.Deals*cfg.Reps)
	}
	start := PlanRules().Start
	end := start.AddDate(0, 12, -1)
	stages := map[string]int{}
	splits, negative := 0, 0
	for _, d := range rows {
		stages[d[4]]++
		if role[d[1]] != "AE" {
			t.Fatalf("deal %s is owned by %s, a %s", d[0], d[1], role[d[1]])
		}
		if d[2] != "" {
			splits++
			if role[d[2]] != "AE" || d[2] == d[1] || (d[3] != "0.3" && d[3] != "0.5") {
				t.Errorf("deal %s splits with %s (%s) at %s", d[0], d[2], role[d[2]], d[3])
			}
		}
		day, err := time.Parse(time.DateOnly, d[5])
		if err != nil {
			t.Fatal(err)
		}
		open := d[4] == StageOpen
		if open && (!day.After(AsOf) || day.After(end)) || !open && (day.Before(start.AddDate(-1, 0, 0)) || day.After(AsOf)) {
			t.Errorf("deal %s (%s) closes on %s", d[0], d[4], d[5])
		}
		if v, err := strconv.ParseFloat(d[6], 64); err != nil || v == 0 {
			t.Errorf("deal %s amount %q", d[0], d[6])
		} else if v < 0 {
			negative++
		}
	}
	share := func(n int) float64 { return float64(n) / float64(len(rows)) }
	if w, o := share(stages[StageWon]), share(stages[StageOpen]); w < 0.55 || w > 0.65 || o < 0.2 || o > 0.3 {
		t.Errorf("won %.2f, open %.2f of the deals; want about 0.6 and 0.25", w, o)
	}
	if s := share(splits); s < 0.07 || s > 0.13 {
		t.Errorf("%.2f of the deals split, want about 0.1", s)
	}
	if negative == 0 {
		t.Error("no credit note among the deals")
	}
}
