//go:build !unix

package engine_test

import "time"

// cpuTime is unknown outside unix: benchmarks then report wall time only.
func cpuTime() (time.Duration, bool) { return 0, false }
