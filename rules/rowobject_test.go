package rules

import "testing"

// TestDirectArraysAndPairs: the list and map literals that credit rules
// write (an overlay's [owner, overlay], a split's fromPairs) run as
// closures and agree with the VM in every test frame.
func TestDirectArraysAndPairs(t *testing.T) {
	for _, text := range []string{
		"[rep.id, rep.role]",
		"[rep.id, nil, rep.id]",
		"fromPairs([[rep.id, 0.6], [rep.role, 0.4]])",
		"rep.ote > 100 ? [rep.id] : rep.id",
		"len([rep.id, rep.role]) * 2",
	} {
		checkDirect(t, text, true)
	}
}

// TestObjectLoad: an object loaded with a row's values reads them by
// field, and its view (the VM's map) follows each load.
func TestObjectLoad(t *testing.T) {
	s := NewShape("owner", "amount")
	var o Object
	o.Load(s, []any{"alice", 100.0})
	if o.Get("owner") != "alice" || Plain(&o).(map[string]any)["amount"] != 100.0 {
		t.Fatalf("first row: %v", Plain(&o))
	}
	o.Load(s, []any{"bob", nil}) // an empty cell is absent
	view := Plain(&o).(map[string]any)
	if o.Get("owner") != "bob" || o.Get("amount") != nil || view["owner"] != "bob" {
		t.Fatalf("second row: %v", view)
	}
	if _, ok := view["amount"]; ok {
		t.Errorf("an absent value is in the view: %v", view)
	}
}
