package lsp

import (
	"testing"

	"github.com/hashicorp/hcl/v2"
	"go.lsp.dev/protocol"
)

func TestTextPositions(t *testing.T) {
	// "ë" is 2 bytes and 1 UTF-16 unit, "🚀" 4 bytes and 2 units.
	src := "name = \"Zoë 🚀\" x\nab\n"
	tx := newText([]byte(src))
	tests := []struct {
		name   string
		offset int
		pos    protocol.Position
	}{
		{"start", 0, protocol.Position{Line: 0, Character: 0}},
		{"before ë", 10, protocol.Position{Line: 0, Character: 10}},
		{"after ë", 12, protocol.Position{Line: 0, Character: 11}},
		{"after the rocket", 17, protocol.Position{Line: 0, Character: 14}},
		{"x after the rocket", 19, protocol.Position{Line: 0, Character: 16}},
		{"second line", 21, protocol.Position{Line: 1, Character: 0}},
		{"end", len(src), protocol.Position{Line: 2, Character: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tx.position(tt.offset); got != tt.pos {
				t.Errorf("position(%d) = %+v, want %+v", tt.offset, got, tt.pos)
			}
			if got := tx.offset(tt.pos); got != tt.offset {
				t.Errorf("offset(%+v) = %d, want %d", tt.pos, got, tt.offset)
			}
		})
	}
}

func TestTextClamps(t *testing.T) {
	tx := newText([]byte("ab🚀\ncd"))
	tests := []struct {
		name string
		pos  protocol.Position
		want int
	}{
		{"past the end of a line", protocol.Position{Line: 0, Character: 40}, 6},
		{"inside a surrogate pair", protocol.Position{Line: 0, Character: 3}, 2},
		{"past the last line", protocol.Position{Line: 9, Character: 0}, 9},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tx.offset(tt.pos); got != tt.want {
				t.Errorf("offset(%+v) = %d, want %d", tt.pos, got, tt.want)
			}
		})
	}
}

func TestRangeOfWithoutBytes(t *testing.T) {
	tx := newText([]byte("a\nZoë x\n"))
	// A position from line and column alone (Byte 0) is found by
	// counting characters.
	r := hcl.Range{Start: hcl.Pos{Line: 2, Column: 5}, End: hcl.Pos{Line: 2, Column: 6}}
	want := protocol.Range{Start: protocol.Position{Line: 1, Character: 4}, End: protocol.Position{Line: 1, Character: 5}}
	if got := tx.rangeOf(r); got != want {
		t.Errorf("rangeOf = %+v, want %+v", got, want)
	}
}
