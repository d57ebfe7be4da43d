// Package engine is the evaluation core: it turns a loaded plan and its
// compiled rules into a Result.
//
// The pipeline is Load (plans.Load, then compile every rule against its
// scope and order the lets and quota measures by their dependencies)
// followed by Model.Evaluate: every rep x period x measure with the values
// each figure was made of, roll-ups by territory, team and plan per period,
// goals and checks.
//
// A Result is plain data around a Ledger: figures keyed by subject (rep,
// territory, team, goal, plan) x measure x kind (quota, full, ...) x
// period, with each rep's membership per period. Roll-ups are computed
// once, here; nothing on top of a result computes one again. Explain works
// from the model and a result (Model.Explainer) with a frame of its own, so
// it can serve many goroutines; plan tests run the same way.
//
// The front-ends that read results live under engine/front: the session
// every long-running front-end shares (session), the output formats
// (render), comparing two results (diff), the file watcher (watch) and the
// language server (lsp).
package engine
