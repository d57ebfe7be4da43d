//go:build !unix

package main

import "os"

// maxRSSKiB is 0 where rusage is not available.
func maxRSSKiB(*os.ProcessState) int64 { return 0 }

// selfMaxRSSKiB is 0 where rusage is not available.
func selfMaxRSSKiB() int64 { return 0 }
