package rules

import (
	"reflect"
	"sync"
	"testing"

	"github.com/expr-lang/expr/types"
)

func TestObjectView(t *testing.T) {
	shape := NewShape("id", "ote", "pipeline", "quota", "id") // id twice: one field
	if shape.Len() != 4 || shape.Field("id") != 0 || shape.Field("quota") != 3 || shape.Field("nope") != -1 {
		t.Fatalf("shape: len %d, fields %v", shape.Len(), shape.names)
	}
	quotas := NewShape("new_arr").Objects(1)
	o := &shape.Objects(1)[0]
	o.Set(shape.Field("id"), "a")
	o.Set(shape.Field("pipeline"), nil) // set to nil: in the view; ote never set: not
	o.Set(shape.Field("quota"), &quotas[0])
	quotas[0].Set(0, 0.0)
	for _, tt := range []struct {
		name string
		want any
	}{{"id", "a"}, {"ote", nil}, {"pipeline", nil}, {"nope", nil}} {
		if got := o.Get(tt.name); got != tt.want {
			t.Errorf("Get(%q) = %#v, want %#v", tt.name, got, tt.want)
		}
	}
	view := Plain(NewList([]any{o})).([]any)
	want := map[string]any{"id": "a", "pipeline": nil, "quota": map[string]any{"new_arr": 0.0}}
	if !reflect.DeepEqual(view[0], want) {
		t.Fatalf("view = %#v, want %#v", view[0], want)
	}
	// Set keeps views made earlier up to date, nested ones too.
	o.Set(shape.Field("ote"), 120.0)
	quotas[0].Set(0, 480.0)
	want["ote"], want["quota"] = 120.0, map[string]any{"new_arr": 480.0}
	if !reflect.DeepEqual(view[0], want) {
		t.Errorf("view after Set = %#v, want %#v", view[0], want)
	}
}

func TestObjectViewsMadeConcurrently(t *testing.T) {
	// Workers running rules on the VM make views of shared objects at
	// once: every one must get the same map (go test -race checks the rest).
	shape := NewShape("id", "role")
	objs := shape.Objects(100)
	items := make([]any, len(objs))
	for i := range objs {
		objs[i].Set(0, i)
		items[i] = &objs[i]
	}
	list := NewList(items)
	views := make([][]any, 4)
	var wg sync.WaitGroup
	for w := range views {
		wg.Go(func() { views[w] = Plain(list).([]any) })
	}
	wg.Wait()
	for w := range views {
		for i := range items {
			if reflect.ValueOf(views[w][i]).Pointer() != reflect.ValueOf(views[0][i]).Pointer() {
				t.Fatalf("worker %d has its own view of item %d", w, i)
			}
		}
	}
}

func TestDirectFieldOfTwoShapes(t *testing.T) {
	// One closure reading .need from objects of different shapes finds it
	// in each, wherever each keeps it.
	a, b := NewShape("need", "id").Objects(1), NewShape("id", "x", "need").Objects(1)
	a[0].Set(0, 2.0)
	b[0].Set(2, 3.0)
	schema := testSchema()
	schema.TerritoryAttrs["need"] = types.Float64
	r, diags := compile(src("sum(territories, .need)"), schema.Env(ScopePlan), KindNumber)
	if diags.HasErrors() || r.direct == nil {
		t.Fatalf("diags %v", diags)
	}
	f := NewFrame()
	f.Set(SlotTerritories, NewList([]any{&a[0], &b[0], &a[0]}))
	if got, ok := r.runDirect(f); !ok || got != 7.0 {
		t.Errorf("sum = %v (ok %v), want 7", got, ok)
	}
}
