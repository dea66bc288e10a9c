package sqlite_test

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/sqlite"
)

// crashChildEnv and openChildEnv, when set to a database path, make the
// test binary run crashChild or openChild instead of the tests (see
// TestMain).
const (
	crashChildEnv = "PROFILEKIT_SQLITE_CRASH_CHILD"
	openChildEnv  = "PROFILEKIT_SQLITE_OPEN_CHILD"
)

func TestMain(m *testing.M) {
	if path := os.Getenv(crashChildEnv); path != "" {
		os.Exit(crashChild(path))
	}
	if path := os.Getenv(openChildEnv); path != "" {
		os.Exit(openChild(path))
	}
	if path := os.Getenv(claimChildEnv); path != "" {
		os.Exit(claimChild(path))
	}
	if path := os.Getenv(toggleChildEnv); path != "" {
		os.Exit(toggleChild(path))
	}
	os.Exit(m.Run())
}

// openChild opens the database at path, creates one profile named for its
// process ID and closes the database; it exits 0 when all went well.
func openChild(path string) int {
	ctx := context.Background()
	// The test is about correctness when processes open a new file at
	// once, not about how long they wait: a generous timeout keeps a
	// loaded machine (where the default 5 s ran out) from failing it.
	s, err := sqlite.Open(ctx, path, &sqlite.Options{BusyTimeout: time.Minute})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	id := fmt.Sprintf("p%d", os.Getpid())
	err = s.CreateProfile(ctx, profile.Profile{ID: id, Username: id, Version: 1})
	if err = errors.Join(err, s.Close()); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	return 0
}

// crashChild writes to the database at path until it is killed: each round
// updates profile "a1" to the next version and creates a profile named for
// that version, and only then prints the version on stdout. A printed
// version is therefore committed.
func crashChild(path string) int {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, nil)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	for {
		p, err := s.GetProfile(ctx, "a1")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		expected := p.Version
		p.Version++
		p.Name = fmt.Sprintf("version %d", p.Version)
		if err := s.UpdateProfile(ctx, p, expected); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		c := crashProfile(p.Version)
		if err := s.CreateProfile(ctx, c); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		fmt.Fprintln(os.Stdout, p.Version)
	}
}

// crashProfile is the profile the child creates with version v.
func crashProfile(v int64) profile.Profile {
	id := fmt.Sprintf("c%d", v)
	return profile.Profile{ID: id, Username: id, Role: "agent", Name: id, PublicName: id, Version: 1}
}

func TestCrashKeepsEveryCommittedWrite(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "crash.db")
	s, err := sqlite.Open(ctx, path, nil)
	require.NoError(t, err)
	require.NoError(t, s.CreateProfile(ctx, profile.Profile{ID: "a1", Username: "a1", Role: "agent", Version: 1}))
	require.NoError(t, s.Close())

	var committed []int64
	for round, killAfter := range []int{20, 45, 70} {
		reported := runAndKill(t, path, killAfter)
		require.GreaterOrEqual(t, len(reported), killAfter, "round %d: the child reported too few writes", round)
		committed = append(committed, reported...)

		s, err := sqlite.Open(ctx, path, nil)
		require.NoError(t, err, "round %d: reopen after SIGKILL", round)
		last := committed[len(committed)-1]
		a1, err := s.GetProfile(ctx, "a1")
		require.NoError(t, err)
		// The child may have committed one more round than it printed.
		assert.GreaterOrEqual(t, a1.Version, last, "round %d: a reported update of a1 was lost", round)
		assert.LessOrEqual(t, a1.Version, last+1, "round %d", round)
		for _, v := range committed {
			_, err := s.GetProfile(ctx, crashProfile(v).ID)
			assert.NoError(t, err, "round %d: the profile created at version %d was lost", round, v)
		}
		require.NoError(t, s.Close())
		assert.Equal(t, "ok", integrityCheck(t, path), "round %d", round)
	}
}

// runAndKill starts the child on path, SIGKILLs it once it has reported
// killAfter committed versions, and returns every version it reported,
// those still in the pipe included.
func runAndKill(t *testing.T, path string, killAfter int) []int64 {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), crashChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	// Whatever happens, do not leave the child running.
	deadline := time.AfterFunc(2*time.Minute, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()

	var reported []int64
	lines := bufio.NewScanner(out)
	for lines.Scan() {
		v, err := strconv.ParseInt(lines.Text(), 10, 64)
		require.NoError(t, err, "child printed %q", lines.Text())
		reported = append(reported, v)
		if len(reported) == killAfter {
			require.NoError(t, cmd.Process.Kill()) // SIGKILL: no clean-up runs
		}
	}
	require.NoError(t, lines.Err())
	err = cmd.Wait()
	require.Error(t, err, "the child exited by itself")
	assert.Equal(t, "signal: killed", cmd.ProcessState.String(), "the child ended otherwise than by SIGKILL")
	return reported
}

// integrityCheck runs PRAGMA integrity_check on the file at path.
func integrityCheck(t *testing.T, path string) string {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	require.NoError(t, err)
	defer db.Close()
	var result string
	require.NoError(t, db.QueryRow(`PRAGMA integrity_check`).Scan(&result))
	return result
}
