package plans

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// nested returns open n times, then middle, then close n times.
func nested(open, middle, close string, n int) string {
	return strings.Repeat(open, n) + middle + strings.Repeat(close, n)
}

func TestScanSyntax(t *testing.T) {
	chain := func(op string, n int) string { return "x = 1" + strings.Repeat(op+"1", n) + "\n" }
	tests := []struct {
		name  string
		src   string
		limit syntaxLimit
		at    int // offset where the limit is passed; -1: do not check
	}{
		{"plain plan", basePlan + "rep \"a\" {\n  leave {\n    from = \"2027-01-01\"\n  }\n}\n", withinLimits, 0},
		{"lists at the limit", "x = " + nested("[", "1", "]", maxNesting) + "\n", withinLimits, 0},
		{"lists past the limit", "x = " + nested("[", "1", "]", maxNesting+1) + "\n", tooDeep, 4 + maxNesting}, // at the bracket that passes it
		{"parentheses past the limit", "x = " + nested("(", "1", ")", maxNesting+1), tooDeep, -1},
		{"objects past the limit", "x = " + nested("{a=", "1", "}", maxNesting+1), tooDeep, -1},
		{"blocks past the limit", nested("b {\n", "", "}\n", maxNesting+1), tooDeep, -1},
		{"brackets in strings do not count", "x = \"" + strings.Repeat("([{", 500) + "\"\n", withinLimits, 0},
		{"escaped quotes stay in the string", "x = \"\\\"" + strings.Repeat("(", 500) + "\"\n", withinLimits, 0},
		{"brackets in comments do not count", "# " + strings.Repeat("[", 500) + "\n// " + strings.Repeat("(", 500) + "\n/* " + strings.Repeat("{", 500) + " */\n", withinLimits, 0},
		{"escaped template pieces are text", "x = \"" + strings.Repeat("$${", 500) + strings.Repeat("%%{", 500) + "\"\n", withinLimits, 0},
		{"template pieces nest", "x = " + nested(`"${`, "1", `}"`, maxNesting/2+1), tooDeep, -1},
		{"directives nest", "x = \"" + nested("%{ if true }", "x", "%{ endif }", maxNesting) + "\"\n", tooDeep, -1},
		{"directives that close do not add up", "x = \"" + strings.Repeat("%{ if true }x%{ endif }", 500) + "\"\n", withinLimits, 0},
		{"heredoc text does not count", "x = <<-EOT\n  " + strings.Repeat("[(", 500) + "\n  EOT\ny = 1\n", withinLimits, 0},
		{"heredoc pieces nest", "x = <<EOT\n" + nested("${[", "1", "]}", maxNesting/2+1) + "\nEOT\n", tooDeep, -1},
		{"heredoc marker ends it", "x = <<EOT\nEOT\ny = " + nested("[", "1", "]", maxNesting+1), tooDeep, -1},
		{"unterminated string ends at the line", "x = \"(((\n" + "y = 1\n", withinLimits, 0},
		{"operators at the limit", chain("+", maxOperators-1), withinLimits, 0},
		{"operators past the limit", chain("+", maxOperators), tooManyOperators, -1},
		{"unary operators", "x = " + strings.Repeat("-", maxOperators+1) + "1\n", tooManyOperators, -1},
		{"index chain", "x = [1]" + strings.Repeat("[0]", maxOperators), tooManyOperators, -1},
		{"attribute chain", "x = a" + strings.Repeat(".b", maxOperators+1), tooManyOperators, -1},
		{"splat chain", "x = [1]" + strings.Repeat("[*]", maxOperators), tooManyOperators, -1},
		{"line ends separate attributes", strings.Repeat(chain("+", maxOperators/2), 10), withinLimits, 0},
		{"commas separate elements", "x = [" + strings.Repeat("1+1+1+1, ", maxOperators) + "]\n", withinLimits, 0},
		{"line ends inside parentheses do not", "x = (1" + strings.Repeat("\n+ 1", maxOperators) + ")\n", tooManyOperators, -1},
		{"numbers at the limit", "x = " + strings.Repeat("1", maxNumberBytes) + "\n", withinLimits, 0},
		{"number past the limit", "x = 1" + strings.Repeat("0", maxNumberBytes) + "\n", numberTooLong, 4},
		{"digits of a name are no number", "x" + strings.Repeat("1", 2*maxNumberBytes) + " = 1\n", withinLimits, 0},
		{"exponents are part of a number", "x = 1.5e-3\n", withinLimits, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			limit, at := scanSyntax([]byte(tc.src))
			if limit != tc.limit || (tc.at >= 0 && at != tc.at) {
				t.Errorf("scanSyntax = %d at %d, want %d at %d", limit, at, tc.limit, tc.at)
			}
		})
	}
}

func TestScanSyntaxTokens(t *testing.T) {
	src := strings.Repeat("x = [1, 2, 3]\n", maxTokens/8+1) // 10 tokens a line
	if limit, at := scanSyntax([]byte(src)); limit != tooManyTokens || at > len(src) {
		t.Errorf("scanSyntax = %d at %d, want too many tokens", limit, at)
	}
	if limit, _ := scanSyntax([]byte(strings.Repeat("x = [1, 2, 3]\n", maxTokens/12))); limit != withinLimits {
		t.Errorf("scanSyntax of %d tokens = %d", maxTokens*10/12, limit)
	}
}

// TestDeepNesting loads plan files that used to overflow the HCL parser's
// stack or take gigabytes: each must be one located error, on disk and in
// an editor's overlay, and ParseHCL and Format must refuse them too.
func TestDeepNesting(t *testing.T) {
	const deep = 150_000
	tests := []struct {
		name, value, want string
	}{
		{"lists", nested("[", "1", "]", deep), "plan.hcl:5:112: Nesting too deep"}, // the block is the first level
		{"template pieces", nested(`"${`, "1", `}"`, deep), "plan.hcl:5:161: Nesting too deep"},
		{"operators", "1" + strings.Repeat("+1", deep), "plan.hcl:5:2012: Expression too long"},
		{"number", "1" + strings.Repeat("0", 4_000_000), "plan.hcl:5:13: Number too long"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			src := basePlan + "variable \"x\" {\n  default = " + tc.value + "\n}\n"
			dir := writeDir(t, map[string]string{"plan.hcl": src})
			want := []string{tc.want}
			_, diags := Load(dir, LoadOptions{})
			if got := summarize(dir, diags); !reflect.DeepEqual(got, want) {
				t.Errorf("Load: %q, want %q", got, want)
			}
			overlay := map[string][]byte{filepath.Join(dir, "plan.hcl"): []byte(src)}
			if err := os.WriteFile(filepath.Join(dir, "plan.hcl"), []byte(basePlan), 0o644); err != nil {
				t.Fatal(err)
			}
			_, diags = Load(dir, LoadOptions{Overlay: overlay})
			if got := summarize(dir, diags); !reflect.DeepEqual(got, want) {
				t.Errorf("Load with overlay: %q, want %q", got, want)
			}
			if f, diags := ParseHCL([]byte(src), filepath.Join(dir, "plan.hcl")); f != nil || !reflect.DeepEqual(summarize(dir, diags), want) {
				t.Errorf("ParseHCL: file %v, %q, want none and %q", f != nil, summarize(dir, diags), want)
			}
			if out, diags := Format([]byte(src), filepath.Join(dir, "plan.hcl")); out != nil || !reflect.DeepEqual(summarize(dir, diags), want) {
				t.Errorf("Format: output %v, %q, want none and %q", out != nil, summarize(dir, diags), want)
			}
		})
	}
}

func TestParseHCL(t *testing.T) {
	f, diags := ParseHCL([]byte(basePlan+"rep \"a\" {\n  x = [[1]]\n}\n"), "plan.hcl")
	if f == nil || diags.HasErrors() {
		t.Fatalf("ParseHCL of a valid file: file %v, %v", f != nil, diags)
	}
	if f, diags := ParseHCL([]byte("x = \x00"), "plan.hcl"); f != nil || len(diags) != 1 || diags[0].Summary != "Not a text file" {
		t.Errorf("ParseHCL of a binary file: file %v, %v", f != nil, diags)
	}
	if f, diags := ParseHCL([]byte("x = {\n"), "plan.hcl"); f == nil || !diags.HasErrors() {
		t.Errorf("ParseHCL of broken text: file %v, %v; want the parser's file and errors", f != nil, diags)
	}
}
