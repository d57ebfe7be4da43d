// Package plangen writes synthetic plan directories of any size, for
// benchmarks and load tests of the engine.
//
// A generated plan exercises the whole language the way a real one does:
// a plan block, variables (including maps by segment), a ramp with
// new-hire and new-territory tiers, territory and rep lets, a seasonal and
// rounded AE revenue quota, an SDR meetings quota derived from the AEs'
// needs through a territory let, a CSM expansion quota, a goal and checks.
// Reps and territories come from CSV files with a manager hierarchy of
// about one manager per eight people.
//
// Everything is derived from Config.Seed with math/rand/v2's PCG source:
// the same Config always writes byte-identical files.
package plangen
