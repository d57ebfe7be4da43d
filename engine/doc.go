// Package engine turns a loaded plan and its compiled rules into results:
// the dependency order of lets and quota measures, evaluation of every rep x
// period x measure with the factors each figure was made of (for explain),
// roll-ups by manager, territory and goal, and check results.
//
// The pipeline is Load (plans.Load, then compile every rule against its
// scope and order them) followed by Model.Evaluate. Renderers live in
// engine/render.
package engine
