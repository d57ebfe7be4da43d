// Package plans is the HCL side of quotaplan: it loads a plan directory (every
// *.hcl file directly inside it plus the CSV files its import blocks name),
// decodes every block into the Plan model, validates labels and references,
// and reports every user mistake as an hcl.Diagnostic with an exact range.
//
// It also renders diagnostics for a terminal (WriteDiagnostics), formats
// plan files canonically (Format) and lists the files of a plan (PlanFiles).
//
// Plans are untrusted input (CI checks plans from pull requests), so every
// file is read under one policy (regular files only, inside the plan
// directory unless allowed, within size limits; ReadPlanFile offers it to
// commands that read plan files themselves), and HCL text is checked for
// nesting, operator chains, tokens and number length before the HCL parser
// sees it (ParseHCL offers that to editors' own parses). The limits are
// listed in LANGUAGE.md section 8.
// Rules stay text here: Expr keeps each rule's source and a byte-exact map
// back to the file, so that the rules package, which knows nothing of HCL,
// can report its errors at the right line and column (Expr.Locate).
package plans
