// Package plans is the HCL side of quotaplan: it loads a plan directory (every
// *.hcl file directly inside it plus the CSV files its import blocks name),
// decodes every block into the Plan model, validates labels and references,
// and reports every user mistake as an hcl.Diagnostic with an exact range.
//
// It also renders diagnostics for a terminal (WriteDiagnostics), formats
// plan files canonically (Format) and lists the files of a plan (PlanFiles).
// Rules stay text here: Expr keeps each rule's source and a byte-exact map
// back to the file, so that the rules package, which knows nothing of HCL,
// can report its errors at the right line and column (Expr.Locate).
package plans
