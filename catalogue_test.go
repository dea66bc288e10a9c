package profilekit

import (
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite docs/errors.md from the catalogue")

// codeConstants returns the names and values of the exported constants of
// type Code declared in codes.go, read from the source so that a constant
// left out of the catalogue cannot hide.
func codeConstants(t *testing.T) map[string]Code {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), "codes.go", nil, 0)
	require.NoError(t, err)
	out := map[string]Code{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			vs := spec.(*ast.ValueSpec)
			if id, ok := vs.Type.(*ast.Ident); !ok || id.Name != "Code" {
				continue
			}
			for i, name := range vs.Names {
				lit, ok := vs.Values[i].(*ast.BasicLit)
				require.True(t, ok, "%s is not a string literal", name.Name)
				require.True(t, name.IsExported(), "%s is not exported", name.Name)
				out[name.Name] = Code(strings.Trim(lit.Value, `"`))
			}
		}
	}
	return out
}

func TestEveryCodeConstantIsInTheCatalogueAndBack(t *testing.T) {
	constants := codeConstants(t)
	require.NotEmpty(t, constants)
	values := map[Code]string{}
	for name, c := range constants {
		if other, dup := values[c]; dup {
			t.Errorf("%s and %s share the code %q", name, other, c)
		}
		values[c] = name
		assert.True(t, c.Known(), "%s (%q) has no catalogue entry", name, c)
		assert.NotEmpty(t, c.Message(), "%s has an empty message", name)
	}
	for _, c := range Codes() {
		_, ok := values[c]
		assert.True(t, ok, "catalogue entry %q has no Code constant", c)
	}
	assert.Len(t, Codes(), len(constants), "the catalogue lists a code twice")
}

var codeShape = regexp.MustCompile(`^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$`)

func TestCodesFollowTheScheme(t *testing.T) {
	for _, c := range Codes() {
		assert.Regexp(t, codeShape, string(c), "code %q is not <kind>.<problem> in lower-case snake words", c)
		m := c.Message()
		assert.False(t, strings.HasSuffix(m, "."), "message of %q ends with a period", c)
		assert.Equal(t, strings.ToLower(m[:1]), m[:1], "message of %q starts with a capital", c)
	}
	assert.False(t, Code("no.such_code").Known())
	assert.Empty(t, Code("no.such_code").Message())
}

// catalogueMarkdown renders the catalogue as docs/errors.md.
func catalogueMarkdown() string {
	var b strings.Builder
	b.WriteString("# Error codes\n\n")
	b.WriteString("Every error profilekit returns carries one of these codes (`profilekit.CodeOf(err)`);\n")
	b.WriteString("a `*profilekit.ValidationError` carries `input.invalid` and one code per rejected field.\n")
	b.WriteString("Codes never change; the messages are the English defaults that translations key off.\n")
	b.WriteString("A rule that has a number (a length, a size, a range) also puts it in the field error's `params`,\n")
	b.WriteString("so that every language can state it: the parameters column names those every problem with the code\n")
	b.WriteString("carries (`Code.Params`), the placeholders a translation may use, as in `{min}`.\n")
	b.WriteString("This file is generated from `codes.go`: `go test -run TestErrorsDoc -update .`\n\n")
	b.WriteString("| code | English message | parameters |\n| --- | --- | --- |\n")
	for _, c := range Codes() {
		var params []string
		for _, p := range c.Params() {
			params = append(params, "`"+p+"`")
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", c, c.Message(), strings.Join(params, ", "))
	}
	return b.String()
}

var paramShape = regexp.MustCompile(`^[a-z]+(_[a-z]+)*$`)

func TestCodeParams(t *testing.T) {
	withParams := 0
	for _, c := range Codes() {
		names := c.Params()
		if len(names) > 0 {
			withParams++
		}
		seen := map[string]bool{}
		for _, n := range names {
			assert.Regexp(t, paramShape, n, "parameter of %q", c)
			assert.False(t, seen[n], "%q lists %q twice", c, n)
			seen[n] = true
		}
	}
	assert.Len(t, parameters, withParams, "a code in the parameters table is not in the catalogue, or is listed twice")
	assert.Equal(t, []string{"min"}, CodePasswordTooShort.Params())
	assert.Nil(t, CodePasswordBreached.Params())
	assert.Nil(t, Code("no.such_code").Params())
	p := CodeTextTooLong.Params()
	p[0] = "changed"
	assert.Equal(t, []string{"max", "max_bytes"}, CodeTextTooLong.Params(), "Params returns a copy")
}

func TestErrorsDocIsCurrent(t *testing.T) {
	want := catalogueMarkdown()
	if *update {
		require.NoError(t, os.WriteFile("docs/errors.md", []byte(want), 0o644))
	}
	got, err := os.ReadFile("docs/errors.md")
	require.NoError(t, err)
	assert.Equal(t, want, string(got), "docs/errors.md is stale: go test -run TestErrorsDoc -update .")
}
