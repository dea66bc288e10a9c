//go:build unix

package turn_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage/internal/turn"
)

// Two Queues on one file stand in for two processes: flock locks belong to
// an open file, not to a process.
func TestWaitingSeesAnotherQueuesAnnouncement(t *testing.T) {
	path := filepath.Join(t.TempDir(), "db-turn")
	a, err := turn.Open(path)
	require.NoError(t, err)
	defer a.Close()
	b, err := turn.Open(path)
	require.NoError(t, err)
	defer b.Close()

	assert.False(t, b.Waiting(), "nobody waits yet")
	require.True(t, a.Wait())
	assert.True(t, a.Wait(), "a second Wait keeps the announcement")
	assert.False(t, a.Waiting(), "a waiter does not wait for itself")
	assert.True(t, b.Waiting())
	require.True(t, b.Wait(), "two processes may wait at once")
	b.Done()
	assert.True(t, b.Waiting())
	a.Done()
	assert.False(t, b.Waiting(), "Done withdraws the announcement")

	require.True(t, a.Wait())
	require.NoError(t, a.Close())
	assert.False(t, b.Waiting(), "Close withdraws the announcement")
}
