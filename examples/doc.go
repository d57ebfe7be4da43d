// Package examples holds example plan directories, one per subdirectory,
// and the tests that evaluate them: every example must load without a
// diagnostic, pass its error checks, reproduce the numbers its comments
// and the documentation work out by hand, and render to the JSON pinned in
// testdata (refresh with `go test ./examples -update`).
//
//   - starter: one team, two territories, five people; read it first.
//   - saas-fy2027: a SaaS company of 41 people across three regions, split
//     into files, with CSV imports, scenarios and checks.
//   - saas-fy2027-h2: the same plan re-planned in August, with its first
//     half locked as published, transfers and a promotion from an HRIS
//     change log, leave from CSV and a relief for a lost account.
//   - crm-2017: a public CRM sample (35 agents, 8,800 opportunities):
//     quotas from history, actuals, pipeline and the data's faults.
package examples
