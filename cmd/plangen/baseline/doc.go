// Package baseline is a hand-written Go evaluation of the plans that
// plangen generates, kept as the yardstick of quotaplan's speed: it reads
// the same CSV files, computes exactly the same quotas, lets, goal and
// checks in plain Go (no rule language, no generic model), and writes the
// same bytes as `quotaplan eval --format json`.
//
// It is written for that one plan: the rules' formulas are coded here and
// their figures come from plangen.PlanRules, the values plangen writes into
// plan.hcl; plan.hcl itself is not read. A test asserts that its output is
// byte-identical to the engine's, so the two cannot drift apart unnoticed.
// Benchmarks and `plangen bench` report quotaplan's time as a ratio to it.
package baseline
