package profilekit_test

import (
	"go/ast"
	"go/doc/comment"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDocSnippets keeps the Go in the docs compiling: every Go block of
// README.md and of the root doc.go must be part of an Example of this
// package (which go test compiles and runs), and every Go block in any
// other doc.go must be part of a function in one of the module's test
// files. A block is Go when it parses as Go; a block that does not parse
// but looks like Go (":=", "func", "err != nil") fails, so an elided
// "if err != nil { ... }" cannot creep back. Other blocks (shell
// commands, header lists, paths) are left alone.
func TestDocSnippets(t *testing.T) {
	fset := token.NewFileSet()
	var examples, funcs [][]string // the code lines (codeLines) of each function
	var docFiles []string
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != "." && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		switch {
		case d.Name() == "doc.go":
			docFiles = append(docFiles, path)
		case strings.HasSuffix(path, "_test.go"):
			src, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			f, err := parser.ParseFile(fset, path, src, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, decl := range f.Decls {
				fn, ok := decl.(*ast.FuncDecl)
				if !ok {
					continue
				}
				lines := codeLines(string(src[fset.Position(fn.Pos()).Offset:fset.Position(fn.End()).Offset]))
				funcs = append(funcs, lines)
				if filepath.Dir(path) == "." && strings.HasPrefix(fn.Name.Name, "Example") {
					examples = append(examples, lines)
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	require.NotEmpty(t, examples, "the root package has Examples")
	require.Contains(t, docFiles, "doc.go")

	readme, err := os.ReadFile("README.md")
	require.NoError(t, err)
	blocks := fencedGo(string(readme))
	require.NotEmpty(t, blocks, "README.md has Go blocks")
	for i, b := range blocks {
		assert.Truef(t, containedIn(b, examples), "README.md Go block %d is not part of an Example in the root package:\n%s", i+1, b)
	}

	checked := 0
	for _, path := range docFiles {
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments|parser.PackageClauseOnly)
		require.NoError(t, err, path)
		if f.Doc == nil {
			continue
		}
		within, where := funcs, "a function in a test file"
		if path == "doc.go" {
			within, where = examples, "an Example in the root package"
		}
		var p comment.Parser
		for _, block := range p.Parse(f.Doc.Text()).Content {
			code, ok := block.(*comment.Code)
			if !ok {
				continue
			}
			switch {
			case parsesAsGo(code.Text):
				checked++
				assert.Truef(t, containedIn(code.Text, within), "%s: Go block is not part of %s:\n%s", path, where, code.Text)
			case looksLikeGo.MatchString(code.Text):
				t.Errorf("%s: block looks like Go but does not parse:\n%s", path, code.Text)
			}
		}
	}
	assert.GreaterOrEqual(t, checked, 5, "doc.go files hold Go blocks")
}

// looksLikeGo matches text that is meant as Go.
var looksLikeGo = regexp.MustCompile(`:=|\bfunc\b|err != nil`)

// fencedGo returns the ```go blocks of a Markdown text.
func fencedGo(md string) []string {
	var out []string
	var cur []string
	in := false
	for line := range strings.Lines(md) {
		trimmed := strings.TrimSpace(line)
		switch {
		case !in && trimmed == "```go":
			in, cur = true, nil
		case in && trimmed == "```":
			in = false
			out = append(out, strings.Join(cur, ""))
		case in:
			cur = append(cur, line)
		}
	}
	return out
}

// parsesAsGo reports whether src parses as Go declarations or statements.
func parsesAsGo(src string) bool {
	fset := token.NewFileSet()
	if _, err := parser.ParseFile(fset, "", "package p\n"+src, 0); err == nil {
		return true
	}
	_, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+src+"\n}", 0)
	return err == nil
}

// codeLines returns the non-empty lines of src, trimmed.
func codeLines(src string) []string {
	var out []string
	for line := range strings.Lines(src) {
		if l := strings.TrimSpace(line); l != "" {
			out = append(out, l)
		}
	}
	return out
}

// containedIn reports whether the lines of block appear, in order and
// adjacent (blank lines aside), in one of funcs, each given as its
// codeLines.
func containedIn(block string, funcs [][]string) bool {
	want := codeLines(block)
	if len(want) == 0 {
		return false
	}
	for _, have := range funcs {
		for i := range have {
			if i+len(want) <= len(have) && slices.Equal(have[i:i+len(want)], want) {
				return true
			}
		}
	}
	return false
}

func TestContainedIn(t *testing.T) {
	fn := [][]string{codeLines("func Example() {\n\ta := 1\n\n\tb := a\n\t_ = b\n}")}
	assert.True(t, containedIn("a := 1\nb := a", fn))
	assert.False(t, containedIn("b := a\na := 1", fn), "order matters")
	assert.False(t, containedIn("a := 1\n_ = b", fn), "lines must be adjacent")
	assert.False(t, containedIn("\n", fn), "an empty block is part of nothing")
	assert.True(t, parsesAsGo("x := 1\nfmt.Println(x)"))
	assert.True(t, parsesAsGo("func F() {}"))
	assert.False(t, parsesAsGo("if err != nil { ... }"))
	assert.False(t, parsesAsGo("go run ./examples/server"))
	assert.Equal(t, []string{"x := 1\n"}, fencedGo("text\n```go\nx := 1\n```\n```sh\nls\n```\n"))
}
