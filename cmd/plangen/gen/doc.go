// Package gen writes synthetic plan directories of any size, for
// benchmarks and load tests of the engine.
//
// A generated plan exercises the whole language the way a real one does:
// a plan block, variables (including maps by segment), a ramp with
// new-hire and new-territory tiers, territory and rep lets, a seasonal and
// rounded AE revenue quota, an SDR meetings quota derived from the AEs'
// needs (a territory let summed over territories, shared among
// count(reps, .role == 'SDR'), written inside the rep-scoped rule as users
// write it), a CSM expansion quota, a goal and checks. Reps and territories
// come from CSV files with a manager hierarchy of about one manager per
// eight people.
//
// PlanRules holds every figure the rules use, so that the hand-written
// evaluator of package cmd/plangen/baseline computes with the same values;
// the command cmd/plangen generates plans and benchmarks quotaplan against
// that baseline. It is a tool, not part of quotaplan: only benchmarks and
// tests import it.
//
// Everything is derived from Config.Seed with math/rand/v2's PCG source:
// the same Config always writes byte-identical files.
package gen
