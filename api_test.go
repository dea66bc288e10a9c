package profilekit

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// userAPI is every exported name of the root package other than the Code
// constants and the Event kinds: the error model, Clock, Observer, events
// and the ID rule, and nothing else. A helper that only services or
// adapters need goes to internal/kit or storage/driver instead; a new name
// here is a decision, so this list must be edited on purpose.
var userAPI = []string{
	// the error model
	"Code", "Code.String", "Code.Message", "Code.Known", "Code.Params", "Codes", "CodeOf", "CodedError",
	"Error", "NewError", "Error.Error", "Error.Code",
	"FieldError", "FieldError.Error",
	"ValidationError", "ValidationError.Error", "ValidationError.Code", "ValidationError.Is",
	"ValidationError.Unwrap", "ValidationError.Field", "ValidationError.Has", "ValidationError.Codes",
	"ErrInvalid", "ErrClosed", "ErrLocked",
	// the clock
	"Clock", "AlarmClock", "SystemClock",
	// observers and events
	"Observer", "ObserverFunc", "ObserverFunc.Observe", "Observers",
	"Event", "EventKind", "EventKind.String", "EventMeta", "EventMeta.Meta",
	// the ID rule
	"CheckID", "MaxIDLength",
}

// TestRootPackageIsTheUsersAPI fails when the root package exports a name
// that is not on the documented list (userAPI), or loses one.
func TestRootPackageIsTheUsersAPI(t *testing.T) {
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var files []*ast.File
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		require.NoError(t, err)
		files = append(files, f)
	}
	require.NotEmpty(t, files)
	var got []string
	for _, f := range files {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if !d.Name.IsExported() {
					continue
				}
				name := d.Name.Name
				if d.Recv != nil {
					typ := d.Recv.List[0].Type
					if star, ok := typ.(*ast.StarExpr); ok {
						typ = star.X
					}
					recv := typ.(*ast.Ident).Name
					if !ast.IsExported(recv) {
						continue // a method of an unexported type is not in go doc
					}
					name = recv + "." + name
				}
				got = append(got, name)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						if s.Name.IsExported() {
							got = append(got, s.Name.Name)
						}
					case *ast.ValueSpec:
						for _, n := range s.Names {
							if !n.IsExported() {
								continue
							}
							if strings.HasPrefix(n.Name, "Code") && len(n.Name) > 4 && n.Name != "CodeOf" {
								continue // the catalogue, checked by TestEveryCodeConstantIsInTheCatalogueAndBack
							}
							if strings.HasPrefix(n.Name, "Event") && len(n.Name) > 5 && n.Name != "EventKind" && n.Name != "EventMeta" {
								continue // the event kinds
							}
							got = append(got, n.Name)
						}
					}
				}
			}
		}
	}
	slices.Sort(got)
	want := slices.Clone(userAPI)
	slices.Sort(want)
	assert.Equal(t, want, got, "the root package's exported names changed: a user's go doc shows only the error model, Clock, Observer, events and the ID rule")
}
