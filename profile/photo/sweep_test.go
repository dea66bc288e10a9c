package photo_test

import (
	"context"
	"crypto/sha256"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile/photo"
	"github.com/convrs/profilekit/profilekittest"
)

// later returns a clock a day ahead of the bucket's (the real) time, when
// every object written so far is old.
func later() *profilekittest.Clock { return profilekittest.NewClock(time.Now().Add(24 * time.Hour)) }

func TestSweepDeletesWhatNothingRefersTo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	kept := f.agent(t, "agent-1")
	gone := f.agent(t, "agent-2")
	kept = f.set(t, kept, 0)
	f.set(t, gone, 1)

	// Leftovers: an avatar of agent-1 that no reference names (a failed
	// upload), the objects of an agent whose profile does not exist, and a
	// key someone else wrote under the prefix.
	orphan := photo.Key(photo.DefaultPrefix, kept.ID, photo.JPEG, sha256.Sum256([]byte("orphan")))
	ghost := photo.Key(photo.DefaultPrefix, "deleted-agent", photo.PNG, sha256.Sum256([]byte("ghost")))
	foreign := photo.DefaultPrefix + "README.txt"
	outside := "other/" + "file"
	for _, k := range []string{orphan, ghost, foreign, outside} {
		require.NoError(t, f.bucket.WriteAll(ctx, k, []byte("x"), nil))
	}
	// agent-2's profile now refers to something else: its three objects
	// are orphans too.
	g, err := f.profiles.Get(ctx, gone.ID)
	require.NoError(t, err)
	_, err = f.profiles.SetPhoto(ctx, gone.ID, g.Version, "")
	require.NoError(t, err)

	// Young objects are kept by default: an upload may be about to commit.
	res, err := photo.Sweep(ctx, f.bucket, f.store, nil)
	require.NoError(t, err)
	assert.Equal(t, photo.SweepResult{Scanned: 9, Referenced: 3, Young: 5, Foreign: 1}, res)

	res, err = photo.Sweep(ctx, f.bucket, f.store, &photo.Options{Clock: later()})
	require.NoError(t, err)
	assert.Equal(t, photo.SweepResult{Scanned: 9, Referenced: 3, Deleted: 5, Foreign: 1}, res)
	want := append(refKeys(t, kept), foreign, outside)
	assert.ElementsMatch(t, want, f.keys(t))

	res, err = photo.Sweep(ctx, f.bucket, f.store, &photo.Options{Clock: later()})
	require.NoError(t, err)
	assert.Equal(t, photo.SweepResult{Scanned: 4, Referenced: 3, Foreign: 1}, res, "a second sweep finds nothing")
	assert.False(t, mustAvatar(t, f, kept.ID, 48).Default)
}

func TestSweepHonoursPrefixAndContext(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	k := photo.Key("team-a/", "agent-1", photo.JPEG, sha256.Sum256(nil))
	require.NoError(t, f.bucket.WriteAll(ctx, k, []byte("x"), nil))
	res, err := photo.Sweep(ctx, f.bucket, f.store, &photo.Options{Clock: later()})
	require.NoError(t, err)
	assert.Zero(t, res.Scanned, "another prefix is not swept")
	res, err = photo.Sweep(ctx, f.bucket, f.store, &photo.Options{Prefix: "team-a/", SweepMinAge: time.Minute, Clock: later()})
	require.NoError(t, err)
	assert.Equal(t, 1, res.Deleted)

	require.NoError(t, f.bucket.WriteAll(ctx, k, []byte("x"), nil))
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = photo.Sweep(cancelled, f.bucket, f.store, &photo.Options{Prefix: "team-a/", Clock: later()})
	assert.ErrorIs(t, err, context.Canceled)
}
