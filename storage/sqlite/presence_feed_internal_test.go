package sqlite

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReadLogDetectsPrunedRows: a reader whose next row was pruned fails
// with errFeedBehind instead of skipping changes; one that is up to date
// reads the rows after its last in order.
func TestReadLogDetectsPrunedRows(t *testing.T) {
	ctx := context.Background()
	s, err := Open(ctx, filepath.Join(t.TempDir(), "p.db"), nil)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	for v := range 5 {
		_, err := s.writer.ExecContext(ctx, `INSERT INTO presence_changes (record) VALUES (?)`,
			`{"Agent":"a","Version":`+string(rune('1'+v))+`}`)
		require.NoError(t, err)
	}

	queue, last, err := readLog(ctx, s.reader, 2, nil)
	require.NoError(t, err)
	assert.Equal(t, int64(5), last)
	require.Len(t, queue, 3)
	assert.Equal(t, int64(3), queue[0].Version)

	_, err = s.writer.ExecContext(ctx, `DELETE FROM presence_changes WHERE seq <= 3`)
	require.NoError(t, err)
	_, _, err = readLog(ctx, s.reader, 2, nil)
	assert.ErrorIs(t, err, errFeedBehind)
	queue, last, err = readLog(ctx, s.reader, 3, nil)
	require.NoError(t, err, "rows after 3 are all there")
	assert.Equal(t, int64(5), last)
	assert.Len(t, queue, 2)
}
