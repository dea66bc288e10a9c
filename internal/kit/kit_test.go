package kit

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/convrs/profilekit/profilekittest"
	"github.com/stretchr/testify/require"

	"github.com/stretchr/testify/assert"

	"github.com/convrs/profilekit"
)

func TestValidIDAgreesWithCheckID(t *testing.T) {
	for _, id := range []string{"a", "agent-1", strings.Repeat("x", profilekit.MaxIDLength), "!~",
		"", strings.Repeat("x", profilekit.MaxIDLength+1), "a b", "a\x00", "\xff", "é", "tab\t", "del\x7f"} {
		assert.Equal(t, profilekit.CheckID("id", id) == nil, ValidID(id), "%q", id)
	}
}

func TestQuoteIDShowsAShortPrefix(t *testing.T) {
	assert.Equal(t, `"abc"`, QuoteID("abc"))
	long := strings.Repeat("a", 1<<20)
	q := QuoteID(long)
	assert.Less(t, len(q), 20)
	assert.Equal(t, `"aaaaaaaaaaaa"…`, q)
	assert.Equal(t, `"\x00\xff"`, QuoteID("\x00\xff"))
}

type saved struct{ profilekit.EventMeta }

func (saved) Kind() profilekit.EventKind { return profilekit.EventProfileSaved }

func TestNotify(t *testing.T) {
	var rec profilekittest.Recorder
	Notify(context.Background(), &rec, saved{profilekit.EventMeta{AgentID: "ag"}})
	Notify(context.Background(), nil, saved{})
	require.Len(t, rec.Events(), 1)
	assert.Equal(t, "ag", rec.Events()[0].Meta().AgentID)
	assert.Contains(t, DefaultInstance(), ":")
	assert.Equal(t, "x", Instance("x"))
	assert.Equal(t, DefaultInstance(), Instance(""))
}

// fixedClock is a Clock that is not an AlarmClock.
type fixedClock struct{ profilekit.Clock }

func TestClock(t *testing.T) {
	assert.WithinDuration(t, time.Now(), Clock(nil).Now(), time.Minute)
	fixed := fixedClock{profilekittest.NewClock(time.Unix(100, 0))}
	assert.Equal(t, fixed, Clock(fixed))
	select {
	case <-After(fixed, 0): // not an AlarmClock: the real clock's After
	case <-time.After(10 * time.Second):
		assert.Fail(t, "After(0) did not fire")
	}
}
