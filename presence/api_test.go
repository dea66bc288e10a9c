package presence_test

import (
	"go/ast"
	"go/doc"
	"go/parser"
	"go/token"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// adapterOnly are names that belong to presencedriver, the adapters' API,
// and must not reappear in package presence's documentation.
var adapterOnly = []string{"Hub", "ClaimError", "EligibleAt", "Full", "Publish"}

// TestNoAdapterOnlyNamesInGoDoc parses package presence as go doc does and
// fails if an adapter-only name is exported again, as a type, function,
// constant, variable or method.
func TestNoAdapterOnlyNamesInGoDoc(t *testing.T) {
	fset := token.NewFileSet()
	paths, err := filepath.Glob("*.go")
	require.NoError(t, err)
	files := []*ast.File{}
	for _, path := range paths {
		if strings.HasSuffix(path, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ParseComments)
		require.NoError(t, err)
		files = append(files, f)
	}
	p, err := doc.NewFromFiles(fset, files, "github.com/convrs/profilekit/presence")
	require.NoError(t, err)

	var names []string
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			names = append(names, v.Names...)
		}
	}
	funcs := func(prefix string, fs []*doc.Func) {
		for _, f := range fs {
			names = append(names, prefix+f.Name)
		}
	}
	values(p.Consts)
	values(p.Vars)
	funcs("", p.Funcs)
	for _, typ := range p.Types {
		names = append(names, typ.Name)
		values(typ.Consts)
		values(typ.Vars)
		funcs("", typ.Funcs)
		funcs(typ.Name+".", typ.Methods)
	}
	require.Contains(t, names, "Tracker.Claim", "the parse found the package's API")
	for _, name := range names {
		short := name[strings.LastIndex(name, ".")+1:]
		assert.NotContains(t, adapterOnly, short, "%s is for adapters: put it in presencedriver", name)
	}
}
