package rules

import (
	"reflect"

	"github.com/expr-lang/expr/ast"
)

// A rule is parsed once. The phases that rewrite a tree in place (building
// the program, hoisting loops, running constant parts) each take a copy of
// the parsed tree, which stays as written for the names and parts that
// explain and dependency ordering read.

var nodeType = reflect.TypeFor[ast.Node]()

// clone returns a deep copy of a tree that has not been checked: every node
// is copied, and the nodes it holds (fields of type ast.Node or []ast.Node,
// which are all the children expr's nodes have) are cloned in turn.
func clone(n ast.Node) ast.Node {
	if n == nil {
		return nil
	}
	v := reflect.ValueOf(n)
	if v.Kind() != reflect.Pointer || v.IsNil() {
		return n
	}
	c := reflect.New(v.Elem().Type())
	c.Elem().Set(v.Elem())
	s := c.Elem()
	for i := range s.NumField() {
		f := s.Field(i)
		if !f.CanSet() {
			continue
		}
		switch {
		case f.Type() == nodeType && !f.IsNil():
			f.Set(reflect.ValueOf(clone(f.Interface().(ast.Node))))
		case f.Kind() == reflect.Slice && f.Type().Elem() == nodeType && !f.IsNil():
			nodes := reflect.MakeSlice(f.Type(), f.Len(), f.Len())
			for k := range f.Len() {
				if e := f.Index(k); !e.IsNil() {
					nodes.Index(k).Set(reflect.ValueOf(clone(e.Interface().(ast.Node))))
				}
			}
			f.Set(nodes)
		}
	}
	return c.Interface().(ast.Node)
}
