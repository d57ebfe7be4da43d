// Package web is the web view of a plan: the server behind `quotaplan
// serve`, the self-contained file of `quotaplan report` and the quota
// letters of `quotaplan letters`.
//
// The view is a set of pages (overview, reps, one rep, teams,
// territories, checks, and the diff against a base revision), each drawn
// in the browser by a script of its own from one JSON document, the View,
// with charts by Chart.js (vendored under assets/vendor, embedded in the
// binary). A page is registered with Register: an id, a title, a
// predicate saying whether the plan has data for it, and the data it adds
// to the View. The pages that later features bring (attainment, pay,
// accounts) are a Go file and a script each; see assets/pages/README.md.
//
// Server answers GET and HEAD only: the page, the embedded assets, the
// View, one rep's detail, the explanation of one figure (from
// engine.Explainer, which many requests may share) and a stream of
// server-sent events that tells open pages to reload after every
// evaluation. Nothing a request names reaches the file system, and every
// answer carries a Content-Security-Policy that allows no inline script.
//
// WriteReport writes the same pages as one HTML file with the scripts,
// the stylesheet and the data inlined; a Content-Security-Policy in the
// page allows exactly those inline scripts by hash and no network. The
// bytes depend only on the plan.
//
// WriteLetters writes one quota letter per rep, in HTML or markdown: the
// quota by month and quarter, how it was built in plain words, and the
// goals it serves.
package web
