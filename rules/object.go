package rules

import (
	"slices"
	"sync/atomic"
)

// Objects are the reps, territories and quota tables rules read: a value
// per field, laid out by a Shape shared by all objects of one kind. A big
// plan holds tens of thousands of them, so they are slices rather than
// maps: building one costs a slice of a slab, and a closure reads a field
// by its index, found once per shape (see compileMember).
//
// The expr VM reads maps. When a rule runs on the VM, Plain gives it each
// object as a map (its view), built on first use and kept up to date by
// Set. Rules and users only ever see maps: an object never leaves Run.

// Shape is the field layout of a kind of object.
type Shape struct {
	names []string
	index map[string]int
}

// NewShape returns the shape with the given fields, in order; a repeated
// name keeps its first place.
func NewShape(names ...string) *Shape {
	s := &Shape{index: make(map[string]int, len(names))}
	for _, n := range names {
		if _, dup := s.index[n]; !dup {
			s.index[n] = len(s.names)
			s.names = append(s.names, n)
		}
	}
	return s
}

// Field returns the index of a field, -1 when the shape has none of that
// name.
func (s *Shape) Field(name string) int {
	if i, ok := s.index[name]; ok {
		return i
	}
	return -1
}

// Len returns the number of fields.
func (s *Shape) Len() int { return len(s.names) }

// Objects returns n empty objects of shape s, made in two allocations.
func (s *Shape) Objects(n int) []Object {
	objs := make([]Object, n)
	vals := make([]any, n*len(s.names))
	for i := range objs {
		objs[i].shape = s
		objs[i].vals = vals[i*len(s.names) : (i+1)*len(s.names) : (i+1)*len(s.names)]
	}
	return objs
}

// Object is a rule object: a value per field of its shape. A field never
// set is absent, as a key missing from a map: it reads as nil and its view
// has no such key. An Object may be read concurrently; Set must not run at
// the same time as reads.
type Object struct {
	shape *Shape
	vals  []any
	view  atomic.Pointer[map[string]any]
}

// nilValue stands in the vals of an object for a field set to nil, which
// rules read as nil but which, unlike an absent field, its view holds.
type nilField struct{ _ byte }

var nilValue = &nilField{}

// Set gives field i the value v.
func (o *Object) Set(i int, v any) {
	if v == nil {
		o.vals[i] = nilValue
	} else {
		o.vals[i] = v
	}
	if view := o.view.Load(); view != nil {
		(*view)[o.shape.names[i]] = Plain(v)
	}
}

// Clone returns a new object of the same shape holding the same values,
// which Set on either then changes alone: a rep's version after a change
// starts as a clone of the version before it.
func (o *Object) Clone() *Object {
	return &Object{shape: o.shape, vals: slices.Clone(o.vals)}
}

// Shape returns the object's shape.
func (o *Object) Shape() *Shape { return o.shape }

// Get returns the value of the field name, nil when it is absent.
func (o *Object) Get(name string) any {
	if i := o.shape.Field(name); i >= 0 {
		return o.value(i)
	}
	return nil
}

// value returns the value of field i as rules read it.
func (o *Object) value(i int) any {
	v := o.vals[i]
	if v == any(nilValue) {
		return nil
	}
	return v
}

// fieldRef caches where one shape keeps one field (-1: nowhere).
type fieldRef struct {
	shape *Shape
	i     int
}

// field reads the field name through ref, the cache of the closure that
// reads it: the name is looked up once per shape the closure meets.
func (o *Object) field(name string, ref *atomic.Pointer[fieldRef]) any {
	r := ref.Load()
	if r == nil || r.shape != o.shape {
		r = &fieldRef{o.shape, o.shape.Field(name)}
		ref.Store(r)
	}
	if r.i < 0 {
		return nil
	}
	return o.value(r.i)
}

// plain returns the object's view, making it on first use.
func (o *Object) plain() map[string]any {
	if view := o.view.Load(); view != nil {
		return *view
	}
	m := make(map[string]any, len(o.vals))
	for i, v := range o.vals {
		if v != nil {
			m[o.shape.names[i]] = Plain(o.value(i))
		}
	}
	// Workers may make the view of one object at once: the first kept wins.
	if o.view.CompareAndSwap(nil, &m) {
		return m
	}
	return *o.view.Load()
}

// List is a list of objects (a plan's reps, a rep's team ...), which the VM
// reads as a list of maps.
type List struct {
	items []any
	view  atomic.Pointer[[]any]
}

// NewList returns the list of items, which it keeps.
func NewList(items []any) *List { return &List{items: items} }

// Len returns the number of items.
func (l *List) Len() int { return len(l.items) }

// plain returns the list with every item plain, making it on first use.
func (l *List) plain() []any {
	if view := l.view.Load(); view != nil {
		return *view
	}
	out := make([]any, len(l.items))
	for i, it := range l.items {
		out[i] = Plain(it)
	}
	if l.view.CompareAndSwap(nil, &out) {
		return out
	}
	return *l.view.Load()
}

// Plain returns v as the VM and users see it: an object as a map, a list of
// objects as a list of maps, anything else as it is.
func Plain(v any) any {
	switch v := v.(type) {
	case *Object:
		return v.plain()
	case *List:
		return v.plain()
	}
	return v
}

// Names returns the field names of the shape, in order.
func (s *Shape) Names() []string { return append([]string(nil), s.names...) }
