// Command plangen writes synthetic quotaplan plans of any size, evaluates
// them with the hand-written baseline, and benchmarks quotaplan against
// that baseline.
//
// Usage:
//
//	plangen -reps N [-seed S] [-territories T] -o DIR [-force]
//	plangen baseline DIR [-o FILE]
//	plangen bench [-reps 1000,10000,100000] [-runs 5] [-seed 1] [-quotaplan BIN] [-keep]
//
// The first form writes a plan directory (plan.hcl and data/*.csv); it
// refuses a DIR that is not empty unless -force is given, and then writes
// over the generated files and leaves any other file alone.
//
// baseline evaluates a generated plan with package cmd/plangen/baseline and
// writes the same JSON as `quotaplan eval DIR --format json`.
//
// bench builds quotaplan (unless -quotaplan names a binary), generates a
// plan of each size in a temporary directory, and runs `quotaplan eval DIR
// --format json -o FILE` and `plangen baseline DIR -o FILE` as processes,
// -runs times each. It prints, per size, the median wall time of both,
// their ratio, the median and maximum peak resident memory (ru_maxrss of
// each process) and whether the two outputs were byte-identical on every
// run. Everything big happens in child processes: Linux may count the
// parent's peak memory into a child's, so bench keeps its own small and
// prints it. Run it from inside the quotaplan module:
//
//	go run ./cmd/plangen bench -reps 1000,10000,100000 -runs 5
package main
