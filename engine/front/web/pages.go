package web

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
)

// Page is one page of the web view: a navigation entry, the predicate
// that says whether the plan has data for it, and the page's own data.
// Its drawing is a script of the same id under assets/pages (see
// assets/pages/README.md): the server and the report hand every script
// the View, with the page's data in View.Data[ID].
//
// A feature that brings a page (actuals, compensation, accounts) adds one
// Go file that calls Register from an init function, and one script.
type Page struct {
	ID    string // "overview", "reps": the page's address (#/ID) and script name
	Title string // the navigation label
	Order int    // position in the navigation, lower first; ties by ID
	// Has reports whether the plan has data for the page; nil means always.
	// A page whose predicate fails is neither in the navigation nor in a
	// report.
	Has func(in *Input) bool
	// Data returns what the page draws beyond the View's common parts, put
	// in View.Data[ID] as JSON; nil for nothing. It must be deterministic
	// (sorted, no clock), as a report's bytes depend on it.
	Data func(in *Input) any
}

var (
	pagesMu sync.Mutex
	pages   []Page
	pageID  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

// Register adds a page to the web view. It panics on an id that is not
// [a-z][a-z0-9_]* or is registered already: pages register from init
// functions, and such a mistake is the program's.
func Register(p Page) {
	pagesMu.Lock()
	defer pagesMu.Unlock()
	if !pageID.MatchString(p.ID) {
		panic(fmt.Sprintf("web: page id %q is not [a-z][a-z0-9_]*", p.ID))
	}
	for _, q := range pages {
		if q.ID == p.ID {
			panic(fmt.Sprintf("web: page %q registered twice", p.ID))
		}
	}
	pages = append(pages, p)
	slices.SortFunc(pages, func(a, b Page) int {
		if a.Order != b.Order {
			return a.Order - b.Order
		}
		return strings.Compare(a.ID, b.ID)
	})
}

// registered returns the registered pages in navigation order.
func registered() []Page {
	pagesMu.Lock()
	defer pagesMu.Unlock()
	return slices.Clone(pages)
}

// The pages every plan has, in navigation order. The rep page is reached
// from the reps table and has no navigation entry of its own (see
// assets/pages/rep.js).
func init() {
	Register(Page{ID: "overview", Title: "Overview", Order: 10})
	Register(Page{ID: "reps", Title: "Reps", Order: 20, Has: func(in *Input) bool { return len(in.Result.Reps) > 0 }})
	Register(Page{ID: "teams", Title: "Teams", Order: 30, Has: func(in *Input) bool { return len(in.Result.Teams()) > 0 }})
	Register(Page{ID: "territories", Title: "Territories", Order: 40, Has: func(in *Input) bool { return len(in.Result.Territories) > 0 }, Data: booksData})
	Register(Page{ID: "checks", Title: "Checks", Order: 50, Has: func(in *Input) bool { return len(in.Result.Checks) > 0 }})
}
