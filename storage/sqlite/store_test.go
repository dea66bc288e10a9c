package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
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

func TestWriteGivesUpAfterTheBusyTimeout(t *testing.T) {
	ctx := context.Background()
	s, p, next, release := blockedUpdate(t, 100*time.Millisecond)
	done := make(chan error, 1)
	go func() { done <- s.UpdateProfile(ctx, next, p.Version) }()
	select {
	case err := <-done:
		assert.ErrorIs(t, err, profilekit.ErrLocked, "a write went through while another connection held the lock")
		assert.Equal(t, profilekit.CodeStoreLocked, profilekit.CodeOf(err))
		assert.Contains(t, err.Error(), `sqlite: update profile "a1"`)
		assert.NotContains(t, err.Error(), "SQLITE_BUSY")
	case <-time.After(time.Minute):
		t.Fatal("the write did not give up after its busy timeout")
	}
	release()
	assert.NoError(t, s.UpdateProfile(ctx, next, p.Version), "the Store writes again once the lock is free")
}

func TestWriteWaitsUntilTheContextDeadline(t *testing.T) {
	s, p, next, release := blockedUpdate(t, 10*time.Millisecond)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- s.UpdateProfile(ctx, next, p.Version) }()
	// Well past the busy timeout, the write still waits: its context's
	// deadline, not Options.BusyTimeout, bounds it.
	time.Sleep(300 * time.Millisecond)
	select {
	case err := <-done:
		t.Fatalf("the write gave up before its context's deadline: %v", err)
	default:
	}
	release()
	assert.NoError(t, <-done, "the write goes through once the lock is free")
}

func TestClosedStoreFailsWithErrClosed(t *testing.T) {
	for name, path := range map[string]string{"File": filepath.Join(t.TempDir(), "profilekit.db"), "Memory": sqlite.Memory} {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			s, err := sqlite.Open(ctx, path, nil)
			require.NoError(t, err)
			require.NoError(t, s.Close())
			require.NoError(t, s.Close(), "a second Close")
			_, err = s.GetProfile(ctx, "a1")
			assert.ErrorIs(t, err, profilekit.ErrClosed)
			assert.Equal(t, `sqlite: get profile "a1": store closed`, err.Error())
		})
	}
}

// blockedUpdate opens a Store with the given busy timeout on a new file,
// stores profile "a1" (p) and lets another connection take the write lock,
// as another process would. It returns the Store, p, next (an update of p
// that must wait for the lock) and the function that releases the lock.
func blockedUpdate(t *testing.T, busyTimeout time.Duration) (s *sqlite.Store, p, next profile.Profile, release func()) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "profilekit.db")
	s, err := sqlite.Open(context.Background(), path, &sqlite.Options{BusyTimeout: busyTimeout})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	p = storagetest.BenchProfile(t, s, "a1")
	release = holdWriteLock(t, path)
	next = p
	next.Name, next.Version = "blocked", p.Version+1
	return s, p, next, release
}

// holdWriteLock takes the write lock of the database at path on a
// connection of its own, as another process would, until the returned
// function is called (or t ends).
func holdWriteLock(t *testing.T, path string) (release func()) {
	t.Helper()
	ctx := context.Background()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	locker, err := db.Conn(ctx)
	require.NoError(t, err)
	t.Cleanup(func() { _ = locker.Close() })
	_, err = locker.ExecContext(ctx, "BEGIN IMMEDIATE")
	require.NoError(t, err)
	return func() {
		_, err := locker.ExecContext(ctx, "ROLLBACK")
		require.NoError(t, err)
	}
}

// TestRefusedClaimTakesNoWriteLock: a claim that a busy or offline agent
// refuses is decided on a read, so it answers while another process holds
// the write lock, instead of queueing behind it (and, past the busy
// timeout, failing with profilekit.ErrLocked).
func TestRefusedClaimTakesNoWriteLock(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "profilekit.db")
	s, err := sqlite.Open(ctx, path, &sqlite.Options{BusyTimeout: 50 * time.Millisecond})
	require.NoError(t, err)
	defer s.Close()
	now := time.Now()
	_, err = s.TouchSession(ctx, "busy-agent", "tab", now.Add(time.Hour), now)
	require.NoError(t, err)
	_, err = s.SetBusy(ctx, "busy-agent", presence.BusySetting{On: true}, now)
	require.NoError(t, err)

	release := holdWriteLock(t, path)
	defer release()
	_, err = s.ClaimChat(ctx, "busy-agent", "chat-1", now)
	assert.ErrorIs(t, err, presence.ErrBusy, "a busy agent refuses without the write lock")
	_, err = s.ClaimChat(ctx, "offline-agent", "chat-2", now)
	assert.ErrorIs(t, err, presence.ErrOffline, "an offline agent refuses without the write lock")
	_, err = s.SetBusy(ctx, "busy-agent", presence.BusySetting{}, now)
	assert.ErrorIs(t, err, profilekit.ErrLocked, "a write does need the lock, which another process holds")
}
