package sqlite

import (
	"context"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

// TestReadsReuseTheirStatements: a read is compiled once and its statement
// kept, whatever the number of calls; concurrent reads racing with Close
// fail with profilekit.ErrClosed or succeed, and Close closes the
// statements.
func TestReadsReuseTheirStatements(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{Memory, filepath.Join(t.TempDir(), "stmt.db")} {
		t.Run(filepath.Base(path), func(t *testing.T) {
			s, err := Open(ctx, path, nil)
			require.NoError(t, err)
			require.NoError(t, s.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "u1", Version: 1}))
			for range 3 {
				_, err := s.GetProfile(ctx, "a1")
				require.NoError(t, err)
			}
			s.reader.stmts.mu.Lock()
			n := len(s.reader.stmts.stmts)
			s.reader.stmts.mu.Unlock()
			assert.Equal(t, 1, n, "one statement for the three reads")

			var wg sync.WaitGroup
			for range 8 {
				wg.Go(func() {
					for range 50 {
						if _, err := s.GetProfile(ctx, "a1"); err != nil {
							assert.ErrorIs(t, err, profilekit.ErrClosed)
						}
					}
				})
			}
			require.NoError(t, s.Close())
			wg.Wait()
			assert.True(t, s.reader.stmts.closed)
			assert.Empty(t, s.reader.stmts.stmts)
			_, err = s.GetProfile(ctx, "a1")
			assert.ErrorIs(t, err, profilekit.ErrClosed)
		})
	}
}
