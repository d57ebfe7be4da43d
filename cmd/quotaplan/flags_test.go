package main

import (
	"bytes"
	"errors"
	"slices"
	"testing"

	"github.com/quotaplan/quotaplan/engine"
)

func TestParseInterspersed(t *testing.T) {
	tests := []struct {
		name     string
		args     []string
		pos      []string
		format   string
		scenario string
		vars     []engine.VarOverride
	}{
		{name: "none", args: nil, pos: nil, format: "table"},
		{name: "flags before", args: []string{"--format", "json", "plans"}, pos: []string{"plans"}, format: "json"},
		{name: "flags after", args: []string{"plans", "--format", "json"}, pos: []string{"plans"}, format: "json"},
		{name: "flags around", args: []string{"--scenario=s", "a", "-format=csv", "b"}, pos: []string{"a", "b"}, format: "csv", scenario: "s"},
		{name: "dashes end flags", args: []string{"--", "--format", "a"}, pos: []string{"--format", "a"}, format: "table"},
		{name: "dashes after positional", args: []string{"a", "--", "-b"}, pos: []string{"a", "-b"}, format: "table"},
		{name: "dashes as a flag value", args: []string{"--scenario", "--", "a"}, pos: []string{"a"}, format: "table", scenario: "--"},
		{name: "vars in order", args: []string{"--var", "a=1", "d", "--var", "b=x=y", "--var", "a=2"}, pos: []string{"d"}, format: "table",
			vars: []engine.VarOverride{{Name: "a", Value: "1"}, {Name: "b", Value: "x=y"}, {Name: "a", Value: "2"}}},
		{name: "empty value", args: []string{"--var", "a="}, format: "table", vars: []engine.VarOverride{{Name: "a", Value: ""}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			fs := newFlagSet("eval", "[DIR]", "test", &stderr)
			var pf planFlags
			pf.register(fs)
			format := newChoice(fs, "format", "table", "output `FORMAT`", "table", "json", "csv")
			pos, err := fs.parse(tt.args, &stderr)
			if err != nil {
				t.Fatalf("parse: %v (stderr %q)", err, stderr.String())
			}
			if !slices.Equal(pos, tt.pos) {
				t.Errorf("positional = %q, want %q", pos, tt.pos)
			}
			if format.value != tt.format {
				t.Errorf("format = %q, want %q", format.value, tt.format)
			}
			if pf.scenario != tt.scenario {
				t.Errorf("scenario = %q, want %q", pf.scenario, tt.scenario)
			}
			if !slices.Equal(pf.vars, tt.vars) {
				t.Errorf("vars = %v, want %v", pf.vars, tt.vars)
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		want string // in stderr
	}{
		{name: "unknown flag", args: []string{"--bogus"}, code: 2, want: "flag provided but not defined: -bogus"},
		{name: "bad choice", args: []string{"--format", "xml"}, code: 2, want: "must be one of table, json"},
		{name: "var without equals", args: []string{"--var", "growth"}, code: 2, want: "want name=value"},
		{name: "var without name", args: []string{"--var", "=1"}, code: 2, want: "want name=value"},
		{name: "missing value", args: []string{"dir", "--format"}, code: 2, want: "flag needs an argument"},
		{name: "help", args: []string{"-h"}, code: 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			fs := newFlagSet("eval", "[DIR]", "test", &stderr)
			var pf planFlags
			pf.register(fs)
			newChoice(fs, "format", "table", "output `FORMAT`", "table", "json")
			_, err := fs.parse(tt.args, &stdout)
			var e exitError
			if !errors.As(err, &e) || e.code != tt.code {
				t.Fatalf("err = %v, want exit code %d", err, tt.code)
			}
			if !bytes.Contains(stderr.Bytes(), []byte(tt.want)) {
				t.Errorf("stderr = %q, want it to contain %q", stderr.String(), tt.want)
			}
		})
	}
}
