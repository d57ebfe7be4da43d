// Command quotaplan evaluates sales quota plans: directories of HCL files
// whose numbers are computed by expr-lang rules.
//
// Usage:
//
//	quotaplan eval [flags] [DIR]      evaluate the plan and print its quotas
//	quotaplan check [flags] [DIR]     evaluate the plan and print its check results
//	quotaplan validate [flags] [DIR]  load and type-check the plan only
//	quotaplan explain [flags] DIR ... explain how a number was made
//	quotaplan test [flags] [DIR]      run the plan's test blocks
//	quotaplan diff [flags] BASE HEAD  compare two versions of a plan
//	quotaplan watch [flags] [DIR]     re-evaluate the plan on every change
//	quotaplan lsp [flags]             serve the Language Server Protocol on stdio
//	quotaplan fmt [flags] [DIR]       rewrite the plan's HCL files in canonical format
//	quotaplan version                 print the version
//	quotaplan help [COMMAND]          print help
//
// DIR defaults to the current directory. Flags may stand before or after
// DIR; "--" ends the flags.
//
// Plan directories may come from untrusted sources (a pull request in CI):
// an output file (eval -o, diff -o, test --junit) is never written over a
// file the plans were read from nor as a .hcl file in a plan directory, fmt
// writes only inside the plan directory (through symbolic links, which
// stay links), and --var numbers must be finite.
//
// Exit codes: 0 success; 1 a failed check (check, or a warning under
// --fail-on warning) or unformatted files (fmt --check); 2 an invalid plan,
// a usage error or any other failure.
//
// The package is wiring only: it parses flags, loads and evaluates plans
// through package engine, and chooses a renderer from engine/front/render.
package main
