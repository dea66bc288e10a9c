package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/sqlite"
	"github.com/convrs/profilekit/storage/storagetest"
)

// openFile opens a Store on a new file in a temporary directory.
func openFile(t testing.TB) (*sqlite.Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "profilekit.db")
	s, err := sqlite.Open(context.Background(), path, nil)
	require.NoError(t, err)
	return s, path
}

func TestConformanceFile(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, _ := openFile(t)
		return s
	})
}

func TestConformanceMemory(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store {
		s, err := sqlite.Open(context.Background(), sqlite.Memory, nil)
		require.NoError(t, err)
		return s
	})
}

// writeFile writes text to path.
func writeFile(path, text string) error { return os.WriteFile(path, []byte(text), 0o600) }
