package engine

// CompStep returns the comp step of an evaluation on the world restored
// from res, a result of m, to run again and again: what comp blocks add to
// an evaluation, without the rest of it (BenchmarkComp).
func CompStep(m *Model, res *Result) (func(), error) {
	e, err := m.restore(res)
	if err != nil {
		return nil, err
	}
	e.newWorkers()
	return e.evalComps, nil
}
