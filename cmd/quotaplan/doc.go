// Command quotaplan evaluates sales quota plans: directories of HCL files
// whose numbers are computed by expr-lang rules.
//
// Usage:
//
//	quotaplan eval [flags] [DIR]      evaluate the plan and print its quotas
//	quotaplan check [flags] [DIR]     evaluate the plan and print its check results
//	quotaplan validate [flags] [DIR]  load and type-check the plan only
//	quotaplan fmt [flags] [DIR]       rewrite the plan's HCL files in canonical format
//	quotaplan version                 print the version
//	quotaplan help [COMMAND]          print help
//
// DIR defaults to the current directory. Flags may stand before or after
// DIR; "--" ends the flags.
//
// Exit codes: 0 success; 1 a failed check (check, or a warning under
// --fail-on warning) or unformatted files (fmt --check); 2 an invalid plan,
// a usage error or any other failure.
//
// The package is wiring only: it parses flags, loads and evaluates plans
// through package engine, and chooses a renderer from engine/render.
package main
