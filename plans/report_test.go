package plans

import (
	"fmt"
	"strings"
	"testing"
)

func TestClip(t *testing.T) {
	long := strings.Repeat("é", maxQuotedRunes+5)
	tests := []struct {
		name, format string
		in           string
		want         string
	}{
		{"short quoted", "%q", "alice", `"alice"`},
		{"short plain", "%s", "alice", "alice"},
		{"exactly the limit", "%s", long[:2*maxQuotedRunes], long[:2*maxQuotedRunes]},
		{"long quoted", "%q", long, `"` + long[:2*maxQuotedRunes] + `..."`},
		{"long plain", "%s", long, long[:2*maxQuotedRunes] + "..."},
		{"quotes escapes", "%q", "a\"b\n", `"a\"b\n"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := fmt.Sprintf(tc.format, clip(tc.in)); got != tc.want {
				t.Errorf("Sprintf(%q, clip) = %q, want %q", tc.format, got, tc.want)
			}
		})
	}
}
