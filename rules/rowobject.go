package rules

// Load makes o an object of shape s holding vals, aligned with the shape's
// fields (nil: absent), and forgets its view. It lets one object stand for
// each row of an imported CSV in turn, so that a million rows cost no
// object each; o must not be read by another goroutine meanwhile.
func (o *Object) Load(s *Shape, vals []any) {
	o.shape, o.vals = s, vals
	o.view.Store(nil)
}
