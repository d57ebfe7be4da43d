// Package rules compiles the expr-lang rules written inside a plan against
// the names visible in their scope, checks their result type, bounds their
// size, and reports which lets and quota measures each rule reads so that the
// engine can order them.
//
// It knows nothing of HCL files: a rule arrives as a Source (its text and a
// function that maps byte offsets back to file ranges) and problems leave as
// hcl.Diagnostics.
//
// A Machine runs compiled rules in a Frame, the values of the names of the
// current subject. Rules in the common subset of the language run as Go
// closures (direct.go), the others on the expr VM, which also settles every
// case the closures are unsure of; loops that do not depend on the subject
// are hoisted and computed once per frame (hoist.go).
//
// Plans are untrusted, so rules are compiled hardened (build.go): an absent
// attribute compares as nil with == and != (plans/LANGUAGE.md section 4), integer
// arithmetic fails rather than wraps, and what one evaluation may build is
// bounded by size (limits.go, safe.go). Parts of a rule that read nothing
// of the plan run once when it compiles (constant.go), so that a rule that
// always fails is reported when the plan loads. Evaluation errors name the
// missing value and the ?? that fixes it rather than Go's words
// (failure.go).
package rules
