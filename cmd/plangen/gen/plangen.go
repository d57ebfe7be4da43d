package gen

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Config sizes a generated plan.
type Config struct {
	// Reps is the number of reps, managers included; at least 4, so that
	// every role of the plan (manager, AE, SDR, CSM) is staffed.
	Reps int
	// Territories is the number of territories, regions included; 0 means
	// Reps/40, and any value below 3 is raised to 3.
	Territories int
	// Seed drives every random choice: the same Config writes the same files.
	Seed uint64
	// Deals is the number of deals per rep in data/deals.csv, with the
	// plan's as_of and its actual and pipeline blocks; 0 writes none.
	Deals int
}

// File is one generated file of a plan directory.
type File struct {
	Path string // slash-separated, relative to the plan directory
	Data []byte
}

// Paths of the generated files, relative to the plan directory.
const (
	PlanFile        = "plan.hcl"
	TerritoriesFile = "data/territories.csv"
	RepsFile        = "data/reps.csv"
)

// RepColumns and TerritoryColumns are the header rows of the CSV files.
var (
	RepColumns       = []string{"id", "name", "role", "territory", "manager", "start", "end", "ote", "pipeline", "book_arr"}
	TerritoryColumns = []string{"id", "name", "parent", "segment", "accounts", "win_rate", "avg_deal_size", "new"}
)

// minReps is the smallest plan: a manager, an AE, an SDR and a CSM. The
// plan's rules read attributes only some roles have (book_arr, pipeline);
// a plan where no rep has them would not load.
const minReps = 4

// planStart is the first day of every generated plan.
var planStart = time.Date(2027, time.February, 1, 0, 0, 0, 0, time.UTC)

// Generate writes a complete plan directory for cfg into dir, creating dir
// and its data subdirectory as needed and replacing the generated files.
func Generate(dir string, cfg Config) error {
	files, err := Files(cfg)
	if err != nil {
		return err
	}
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.Path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return fmt.Errorf("generate plan %s: %w", dir, err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			return fmt.Errorf("generate plan %s: %w", dir, err)
		}
	}
	return nil
}

// Files returns the files of the plan for cfg without writing them, in the
// order PlanFile, TerritoriesFile, RepsFile.
func Files(cfg Config) ([]File, error) {
	cfg, err := cfg.normalize()
	if err != nil {
		return nil, err
	}
	g := newGenerator(cfg)
	g.buildTerritories()
	g.buildReps()
	g.sizeTerritories()
	terr, err := g.territoriesCSV()
	if err != nil {
		return nil, err
	}
	reps, err := g.repsCSV()
	if err != nil {
		return nil, err
	}
	files := []File{
		{Path: PlanFile, Data: g.planHCL()},
		{Path: TerritoriesFile, Data: terr},
		{Path: RepsFile, Data: reps},
	}
	if cfg.Deals > 0 {
		deals, err := dealsCSV(g.buildDeals())
		if err != nil {
			return nil, err
		}
		files = append(files, File{Path: DealsFile, Data: deals})
	}
	return files, nil
}

// normalize checks cfg and fills in the default territory count.
func (c Config) normalize() (Config, error) {
	if c.Reps < minReps {
		return c, fmt.Errorf("generate plan: Config.Reps must be at least %d, not %d", minReps, c.Reps)
	}
	if c.Territories <= 0 {
		c.Territories = c.Reps / 40
	}
	c.Territories = max(c.Territories, 3)
	return c, nil
}

// segment holds the figures of one market segment.
type segment struct {
	name      string
	quota     float64 // full annual AE quota
	ote       float64 // typical AE on-target earnings
	coverage  float64 // required pipeline / annual quota
	dealSize  float64 // typical average deal size
	winRate   float64 // typical win rate
	expansion float64 // expected upsell rate of a CSM's book
}

// segments cycle over the leaf territories; PlanRules exposes the figures
// the plan's rules use.
var segments = []segment{
	{name: "enterprise", quota: 1000000, ote: 240000, coverage: 4, dealSize: 100000, winRate: 0.23, expansion: 0.15},
	{name: "midmarket", quota: 600000, ote: 140000, coverage: 3.5, dealSize: 30000, winRate: 0.28, expansion: 0.12},
	{name: "smb", quota: 350000, ote: 80000, coverage: 3, dealSize: 8500, winRate: 0.3, expansion: 0.08},
}

// territory is one generated territory.
type territory struct {
	id, name, parent string
	seg              *segment // nil for a region
	accounts         int
	winRate          float64
	dealSize         float64
	isNew            bool
	aes              int // AEs assigned to it
}

// rep is one generated rep. Empty strings and zero amounts are left empty
// in the CSV.
type rep struct {
	id, name, role, territory, manager, start, end string
	ote, pipeline, book                            float64
}

// generator builds one plan from a seeded random source.
type generator struct {
	cfg         Config
	rng         *rand.Rand
	territories []*territory
	leaves      []*territory
	reps        []*rep
}

func newGenerator(cfg Config) *generator {
	return &generator{cfg: cfg, rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15))}
}

// buildTerritories lays out the regions (about one per ten territories)
// and the leaf territories below them. Every tenth leaf is new this year.
func (g *generator) buildTerritories() {
	regions := 1 + g.cfg.Territories/10
	for i := range regions {
		t := &territory{id: fmt.Sprintf("region-%02d", i+1), name: fmt.Sprintf("Region %d", i+1)}
		g.territories = append(g.territories, t)
	}
	for i := range g.cfg.Territories - regions {
		seg := &segments[i%len(segments)]
		t := &territory{
			id:       fmt.Sprintf("terr-%04d", i+1),
			name:     fmt.Sprintf("%s %d", seg.name, i+1),
			parent:   g.territories[i%regions].id,
			seg:      seg,
			winRate:  round(seg.winRate*g.between(0.85, 1.15), 0.01),
			dealSize: round(seg.dealSize*g.between(0.85, 1.15), 500),
			isNew:    i%10 == 3,
		}
		g.territories = append(g.territories, t)
		g.leaves = append(g.leaves, t)
	}
}

// sizeTerritories sets each leaf's accounts so that its bottom-up capacity
// (accounts x win rate x deal size) is 0.9-1.3x the full quota of its AEs.
func (g *generator) sizeTerritories() {
	for _, t := range g.leaves {
		need := float64(max(t.aes, 1)) * t.seg.quota * g.between(0.9, 1.3)
		t.accounts = int(math.Ceil(need / (t.winRate * t.dealSize)))
	}
}

// managerLevels returns how many managers each level needs for ics
// individual contributors at about eight reports each, bottom level first,
// ending with a single top manager.
func managerLevels(ics int) []int {
	levels := []int{max(1, ceilDiv(ics, 8))}
	for last := levels[0]; last > 1; last = levels[len(levels)-1] {
		levels = append(levels, ceilDiv(last, 8))
	}
	return levels
}

// splitHeadcount divides n reps into individual contributors and manager
// levels so that the total is exactly n.
func splitHeadcount(n int) (ics int, levels []int) {
	ics = n - 1
	for ics > 1 && ics+sum(managerLevels(ics)) > n {
		ics--
	}
	levels = managerLevels(ics)
	return n - sum(levels), levels
}

// buildReps creates the managers (top level first, ids r000001 ...) and
// then the individual contributors, each reporting round-robin to the
// level above.
func (g *generator) buildReps() {
	ics, levels := splitHeadcount(g.cfg.Reps)
	var above []*rep
	for l := len(levels) - 1; l >= 0; l-- {
		level := make([]*rep, levels[l])
		for j := range level {
			level[j] = g.newManager(l == len(levels)-1, above, j)
		}
		above = level
	}
	for i := range ics {
		g.newIC(i, above[i%len(above)].id)
	}
}

// newManager adds a manager reporting to above[j % len(above)].
func (g *generator) newManager(top bool, above []*rep, j int) *rep {
	r := g.addRep("manager")
	if top {
		r.role = "VP"
	}
	if len(above) > 0 {
		r.manager = above[j%len(above)].id
	}
	r.ote = round(g.between(180000, 260000), 1000)
	return r
}

// firstRoles are the roles of the first individual contributors, so that
// every plan staffs each role.
var firstRoles = []string{"AE", "SDR", "CSM"}

// newIC adds the i-th individual contributor: an AE, SDR or CSM in a random
// leaf territory.
func (g *generator) newIC(i int, manager string) {
	role := g.pickRole()
	if i < len(firstRoles) {
		role = firstRoles[i]
	}
	r := g.addRep(role)
	r.manager = manager
	t := g.leaves[g.rng.IntN(len(g.leaves))]
	r.territory = t.id
	if i > 0 && g.rng.IntN(100) < 12 {
		r.start = g.dateInPlan(0, 10)
	} else if i > 0 && g.rng.IntN(100) < 3 {
		r.end = g.dateInPlan(3, 11)
	}
	switch role {
	case "AE":
		t.aes++
		r.ote = round(t.seg.ote*g.between(0.9, 1.03), 1000)
		if r.start == "" {
			r.pipeline = round(t.seg.quota*t.seg.coverage*g.between(0.9, 1.6), 10000)
		}
	case "SDR":
		r.ote = round(g.between(70000, 80000), 1000)
	case "CSM":
		r.ote = round(g.between(100000, 120000), 1000)
		r.book = round(g.between(1500000, 4500000), 100000)
	}
}

// pickRole draws AE, SDR or CSM in the proportions 60:25:10.
func (g *generator) pickRole() string {
	switch n := g.rng.IntN(95); {
	case n < 60:
		return "AE"
	case n < 85:
		return "SDR"
	default:
		return "CSM"
	}
}

// addRep appends a rep with the next id and a generated name.
func (g *generator) addRep(role string) *rep {
	r := &rep{
		id:   fmt.Sprintf("r%06d", len(g.reps)+1),
		name: firstNames[g.rng.IntN(len(firstNames))] + " " + lastNames[g.rng.IntN(len(lastNames))],
		role: role,
	}
	g.reps = append(g.reps, r)
	return r
}

// dateInPlan returns a random day (1..28) in a random month from..to
// (0-based offsets from the plan start), as YYYY-MM-DD.
func (g *generator) dateInPlan(from, to int) string {
	month := from + g.rng.IntN(to-from+1)
	day := 1 + g.rng.IntN(28)
	return planStart.AddDate(0, month, day-1).Format(time.DateOnly)
}

// between returns a uniform random number in [lo, hi).
func (g *generator) between(lo, hi float64) float64 {
	return lo + g.rng.Float64()*(hi-lo)
}

// territoriesCSV renders data/territories.csv. Regions leave the segment
// and sizing cells empty.
func (g *generator) territoriesCSV() ([]byte, error) {
	rows := [][]string{TerritoryColumns}
	for _, t := range g.territories {
		row := []string{t.id, t.name, t.parent, "", "", "", "", ""}
		if t.seg != nil {
			row[3] = t.seg.name
			row[4] = strconv.Itoa(t.accounts)
			row[5] = formatNumber(t.winRate)
			row[6] = formatNumber(t.dealSize)
			row[7] = strconv.FormatBool(t.isNew)
		}
		rows = append(rows, row)
	}
	return writeCSV(TerritoriesFile, rows)
}

// repsCSV renders data/reps.csv.
func (g *generator) repsCSV() ([]byte, error) {
	header := slices.Clone(RepColumns)
	header[slices.Index(header, "pipeline")] = PipelineColumn(g.cfg.Deals > 0)
	rows := [][]string{header}
	for _, r := range g.reps {
		rows = append(rows, []string{r.id, r.name, r.role, r.territory, r.manager, r.start, r.end,
			amount(r.ote), amount(r.pipeline), amount(r.book)})
	}
	return writeCSV(RepsFile, rows)
}

// writeCSV encodes rows with Unix line endings.
func writeCSV(name string, rows [][]string) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(rows); err != nil {
		return nil, fmt.Errorf("generate %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// planHCL renders plan.hcl, with the goal's base derived from the AEs'
// full quotas (BaseARR).
func (g *generator) planHCL() []byte {
	var full float64
	for _, t := range g.leaves {
		full += float64(t.aes) * t.seg.quota
	}
	return renderPlan(BaseARR(full), g.cfg.Deals > 0)
}

// amount formats a CSV amount; zero means absent (an empty cell).
func amount(v float64) string {
	if v == 0 {
		return ""
	}
	return formatNumber(v)
}

// formatNumber prints v without exponent, with at most 6 decimals and
// without trailing zeros, as quotaplan prints numbers.
func formatNumber(v float64) string {
	s := strconv.FormatFloat(v, 'f', 6, 64)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}

func ceilDiv(a, b int) int { return (a + b - 1) / b }

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

var firstNames = []string{"Ada", "Ben", "Chloe", "Dev", "Elena", "Femi", "Grace", "Hiro", "Ines", "Jonas",
	"Kira", "Liam", "Mei", "Nora", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wei", "Yara"}

var lastNames = []string{"Adams", "Berg", "Chen", "Diaz", "Evans", "Fischer", "Garcia", "Hall", "Ito", "Jansen",
	"Khan", "Lopez", "Muller", "Nguyen", "Okafor", "Patel", "Rossi", "Sato", "Tan", "Walsh"}
