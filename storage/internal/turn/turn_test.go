package turn_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage/internal/turn"
)

func TestNilQueueDoesNothing(t *testing.T) {
	var q *turn.Queue
	assert.False(t, q.Wait())
	assert.False(t, q.Waiting())
	q.Done()
	assert.NoError(t, q.Close())
}

func TestClosedQueueDoesNothing(t *testing.T) {
	q, err := turn.Open(filepath.Join(t.TempDir(), "db-turn"))
	require.NoError(t, err)
	require.NoError(t, q.Close())
	assert.False(t, q.Wait())
	assert.False(t, q.Waiting())
	q.Done()
	assert.NoError(t, q.Close(), "a second Close")
}
