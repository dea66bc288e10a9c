package profilekittest_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// importPath is this package's import path, as the files it checks spell it.
const importPath = "github.com/convrs/profilekit/profilekittest"

// TestNoOtherFakeClockOrRecorder fails when a test file of the module, or a
// file of a test-support package (a directory named …test, as storagetest
// or presencetest), declares a fake clock (a type with a Now() time.Time
// method) or an event recorder (a type with an Observe(context.Context,
// profilekit.Event) method) instead of using Clock and Recorder. A
// behaviour-specific Observer (one that slows some events down) stays
// allowed when its type holds a Recorder, as profile's slowEven does.
// Nested modules (examples/) are not the library's and are not checked.
func TestNoOtherFakeClockOrRecorder(t *testing.T) {
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(root, "go.mod"))
	require.NoError(t, err, "the module root is the parent of profilekittest")

	var found []string
	checked := 0
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			return nil
		}
		if path != root {
			name := d.Name()
			if name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_") || name == "profilekittest" {
				return filepath.SkipDir
			}
			if _, err := os.Stat(filepath.Join(path, "go.mod")); err == nil {
				return filepath.SkipDir // another module
			}
		}
		files, err := parseDir(path, path != root)
		if err != nil {
			return err
		}
		checked += len(files)
		for _, f := range doubles(files) {
			rel, _ := filepath.Rel(root, f)
			found = append(found, rel)
		}
		return nil
	})
	require.NoError(t, err)
	require.Greater(t, checked, 100, "the walk found the module's test files")
	assert.Empty(t, found, "use profilekittest.Clock and profilekittest.Recorder (a behaviour-specific Observer holds a Recorder)")
}

// TestTheGuardFindsFakes holds the guard's detection to a file with a fake
// clock, a recorder, a wrapper of Recorder and unrelated methods.
func TestTheGuardFindsFakes(t *testing.T) {
	const src = `package x_test

import (
	"context"
	"time"

	"github.com/convrs/profilekit"
	kt "github.com/convrs/profilekit/profilekittest"
)

type fixed struct{}

func (fixed) Now() time.Time { return time.Time{} }

type events struct{ got []profilekit.Event }

func (e *events) Observe(_ context.Context, ev profilekit.Event) { e.got = append(e.got, ev) }

type slow struct {
	kt.Recorder
	on bool
}

func (s *slow) Observe(ctx context.Context, e profilekit.Event) { s.Recorder.Observe(ctx, e) }

type named struct{ rec *kt.Recorder }

func (n named) Observe(ctx context.Context, e profilekit.Event) { n.rec.Observe(ctx, e) }

type other struct{}

func (other) Now(zone string) time.Time  { return time.Time{} }
func (other) Observe(ctx context.Context) {}
func (other) Then() time.Time             { return time.Time{} }
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "x_test.go", src, parser.SkipObjectResolution)
	require.NoError(t, err)
	got := doubles([]parsed{{path: "x_test.go", file: f}})
	assert.Equal(t, []string{"x_test.go: events.Observe", "x_test.go: fixed.Now"}, got)
}

// parsed is one file of a directory that the guard checks.
type parsed struct {
	path string
	file *ast.File
}

// parseDir parses the files of dir that the guard checks: its test files,
// and every Go file when dir is a test-support package (below the root).
func parseDir(dir string, belowRoot bool) ([]parsed, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	support := belowRoot && strings.HasSuffix(filepath.Base(dir), "test")
	fset := token.NewFileSet()
	var out []parsed
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || !strings.HasSuffix(name, ".go") || !(support || strings.HasSuffix(name, "_test.go")) {
			continue
		}
		path := filepath.Join(dir, name)
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		out = append(out, parsed{path: path, file: f})
	}
	return out, nil
}

// doubles returns "file: Type.Method" for every fake clock and every
// recorder that files declare, sorted; the files are one directory's.
func doubles(files []parsed) []string {
	wrappers := map[string]bool{} // package name + "." + type name
	for _, p := range files {
		local := importName(p.file)
		if local == "" {
			continue
		}
		for _, decl := range p.file.Decls {
			g, ok := decl.(*ast.GenDecl)
			if !ok || g.Tok != token.TYPE {
				continue
			}
			for _, spec := range g.Specs {
				ts := spec.(*ast.TypeSpec)
				if st, ok := ts.Type.(*ast.StructType); ok && holdsRecorder(st, local) {
					wrappers[p.file.Name.Name+"."+ts.Name.Name] = true
				}
			}
		}
	}
	var out []string
	for _, p := range files {
		for _, decl := range p.file.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || len(fn.Recv.List) != 1 {
				continue
			}
			recv := receiverName(fn.Recv.List[0].Type)
			switch {
			case fn.Name.Name == "Now" && isFakeNow(fn.Type):
			case fn.Name.Name == "Observe" && isObserve(fn.Type) && !wrappers[p.file.Name.Name+"."+recv]:
			default:
				continue
			}
			out = append(out, p.path+": "+recv+"."+fn.Name.Name)
		}
	}
	slices.Sort(out)
	return out
}

// importName returns the name f uses for profilekittest, or "" when f does
// not import it.
func importName(f *ast.File) string {
	for _, imp := range f.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == importPath {
			if imp.Name != nil {
				return imp.Name.Name
			}
			return "profilekittest"
		}
	}
	return ""
}

// holdsRecorder reports whether st has a field, embedded or named, of type
// Recorder or *Recorder of profilekittest (imported as local).
func holdsRecorder(st *ast.StructType, local string) bool {
	for _, field := range st.Fields.List {
		typ := field.Type
		if star, ok := typ.(*ast.StarExpr); ok {
			typ = star.X
		}
		if isSelector(typ, local, "Recorder") {
			return true
		}
	}
	return false
}

// isFakeNow reports whether ft is func() time.Time.
func isFakeNow(ft *ast.FuncType) bool {
	return ft.Params.NumFields() == 0 && ft.Results.NumFields() == 1 && isSelector(ft.Results.List[0].Type, "time", "Time")
}

// isObserve reports whether ft is func(context.Context, Event), the Event
// of the root package (profilekit.Event, or Event inside it).
func isObserve(ft *ast.FuncType) bool {
	var params []ast.Expr
	for _, field := range ft.Params.List {
		for range max(1, len(field.Names)) {
			params = append(params, field.Type)
		}
	}
	if len(params) != 2 || ft.Results.NumFields() != 0 || !isSelector(params[0], "context", "Context") {
		return false
	}
	if id, ok := params[1].(*ast.Ident); ok {
		return id.Name == "Event"
	}
	return isSelector(params[1], "profilekit", "Event")
}

// isSelector reports whether e is pkg.name.
func isSelector(e ast.Expr, pkg, name string) bool {
	sel, ok := e.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != name {
		return false
	}
	id, ok := sel.X.(*ast.Ident)
	return ok && id.Name == pkg
}

// receiverName returns the name of a method's receiver type, without a
// pointer or type parameters.
func receiverName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}
