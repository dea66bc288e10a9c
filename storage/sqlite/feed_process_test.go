package sqlite_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencetest"
	"github.com/convrs/profilekit/storage/sqlite"
)

// toggleChildEnv, when set to a database path, makes the test binary run
// toggleChild instead of the tests (see TestMain).
const toggleChildEnv = "PROFILEKIT_SQLITE_TOGGLE_CHILD"

// childToggles is how many times toggleChild toggles Busy.
const childToggles = 5

// toggleChild opens the database at path, connects agent "ada" and toggles
// her Busy childToggles times through a Tracker of its own, printing the
// status and version each write returned, one per line. It exits 0 when
// all went well.
func toggleChild(path string) int {
	ctx := context.Background()
	s, err := sqlite.Open(ctx, path, &sqlite.Options{BusyTimeout: time.Minute})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	defer s.Close()
	tr := presence.New(s, nil)
	p, err := tr.Connect(ctx, "ada", "tab")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	fmt.Println(p.Status, p.Version)
	for range childToggles {
		if p, err = tr.ToggleBusy(ctx, "ada"); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		fmt.Println(p.Status, p.Version)
	}
	return 0
}

// TestPresenceWatchAcrossProcesses: a Watch in this process sees, in order,
// every change another OS process makes to the same file, which is what
// the SQLite adapter's ChangeFeed promises (a change log it polls).
func TestPresenceWatchAcrossProcesses(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "feed.db")
	s, err := sqlite.Open(ctx, path, nil)
	require.NoError(t, err)
	defer s.Close()
	w, err := presence.New(s, nil).Watch(ctx)
	require.NoError(t, err)

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), toggleChildEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	require.NoError(t, err, "the child failed")

	lines := bufio.NewScanner(bytes.NewReader(out))
	n := 0
	for lines.Scan() {
		var status string
		var version int64
		_, err := fmt.Sscan(lines.Text(), &status, &version)
		require.NoError(t, err, "child line %q", lines.Text())
		c := presencetest.Next(t, w)
		assert.Equal(t, "ada", c.Presence.Agent, "change %d", n)
		assert.Equal(t, status, c.Presence.Status.String(), "change %d", n)
		assert.Equal(t, version, c.Presence.Version, "change %d", n)
		n++
	}
	assert.Equal(t, childToggles+1, n, "the child's connect and every toggle")
}
