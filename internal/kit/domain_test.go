package kit

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDomainNames holds every package to the domain rule of
// profilekit.ValidationError.Domain: each declares its domain as the
// constant domain, one of the six domains, and passes no literal in its
// place.
func TestDomainNames(t *testing.T) {
	domains := []string{"profile", "photo", "password", "presence", "notify", "session", "feed"}
	constant := regexp.MustCompile(`(?m)^const domain = "([^"]*)"`)
	literal := regexp.MustCompile(`(kit\.Invalid|\.Err)\("|Domain: +"`)
	root := filepath.Join("..", "..")
	found := map[string]string{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "examples" || d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if m := constant.FindSubmatch(src); m != nil {
			found[filepath.Dir(path)] = string(m[1])
			assert.Contains(t, domains, string(m[1]), "%s declares a domain that is none of the seven", path)
		}
		if filepath.Base(filepath.Dir(path)) == "storagetest" {
			return nil // a benchmark's baseline builds presence's error by hand, as a user would
		}
		if m := literal.Find(src); m != nil {
			t.Errorf("%s names a domain by a literal (%s…), not its domain constant", path, m)
		}
		return nil
	})
	require.NoError(t, err)
	for _, d := range domains {
		assert.Contains(t, slices.Collect(maps.Values(found)), d, "no package declares the domain %q", d)
	}
}
