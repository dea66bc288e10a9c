package presence_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
)

// knownCodes are the codes the Tracker's validation may return.
var knownCodes = func() map[string]bool {
	codes := map[string]bool{}
	for _, field := range []string{"agent", "session", "chat"} {
		for _, c := range []string{".empty", ".too_long", ".invalid_utf8", ".control"} {
			codes[field+c] = true
		}
	}
	for _, c := range []string{"reason.too_long", "reason.invalid_utf8", "reason.control",
		"duration.negative", "duration.too_long", "capacity.out_of_range", "candidates.too_many"} {
		codes[c] = true
	}
	return codes
}()

func TestIDLengthCountsCharacters(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	id := strings.Repeat("界", presence.MaxIDLength) // 3 bytes each
	p, err := tr.Connect(ctx, id, strings.Repeat("s", presence.MaxIDLength))
	require.NoError(t, err)
	assert.Equal(t, id, p.Agent)
	_, err = tr.SetBusyFor(ctx, id, strings.Repeat("🍜", presence.MaxReasonLength), time.Minute)
	assert.NoError(t, err)
	_, err = tr.SetBusyFor(ctx, id, strings.Repeat("🍜", presence.MaxReasonLength+1), time.Minute)
	var verr *presence.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, []presence.FieldError{{
		Field:   "reason",
		Code:    "reason.too_long",
		Message: fmt.Sprintf("reason is longer than %d characters", presence.MaxReasonLength),
	}}, verr.Fields)
	_, err = tr.Connect(ctx, id+"界", "s")
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "agent.too_long", verr.Fields[0].Code)
}

// FuzzInput feeds arbitrary IDs, reasons and durations to the Tracker: it
// must never panic, must reject bad input with a *ValidationError whose
// codes are all known, storing nothing, and must store good input exactly.
func FuzzInput(f *testing.F) {
	f.Add("ada", "tab-1", "Lunch 🍜", int64(30*time.Minute))
	f.Add("", "", "", int64(0))
	f.Add("a\x00b", "\xff", "line\nbreak", int64(-1))
	f.Add(strings.Repeat("x", presence.MaxIDLength+1), "s", strings.Repeat("r", presence.MaxReasonLength+1), int64(presence.MaxBusyDuration+1))
	f.Add("Zoë 王", "タブ", "\u202e", int64(time.Second))
	f.Fuzz(func(t *testing.T, agent, session, reason string, d int64) {
		ctx := context.Background()
		tr, _, _ := newTracker(t)

		p, err := tr.SetBusyFor(ctx, agent, reason, time.Duration(d))
		if err != nil {
			assertValidation(t, err)
			if got, err := tr.Get(ctx, agent); err == nil {
				assert.Zero(t, got.Version, "a rejected SetBusyFor stored something")
			}
		} else {
			assert.Equal(t, presence.Busy, p.Status)
			assert.Equal(t, reason, p.BusyReason)
			assert.True(t, utf8.ValidString(agent))
			assert.LessOrEqual(t, utf8.RuneCountInString(reason), presence.MaxReasonLength)
			got, err := tr.Get(ctx, agent)
			require.NoError(t, err)
			assert.Equal(t, p, got)
		}

		p, err = tr.Connect(ctx, agent, session)
		if err != nil {
			assertValidation(t, err)
			return
		}
		assert.True(t, p.Online)
		got, err := tr.Eligible(ctx, []string{agent})
		require.NoError(t, err)
		if p.Status == presence.Available {
			assert.Equal(t, []string{agent}, got)
		} else {
			assert.Empty(t, got)
		}
	})
}

// assertValidation checks that err is a *ValidationError with known codes
// and bounded messages.
func assertValidation(t *testing.T, err error) {
	t.Helper()
	var verr *presence.ValidationError
	require.ErrorAs(t, err, &verr)
	require.NotEmpty(t, verr.Fields)
	for _, f := range verr.Fields {
		assert.True(t, knownCodes[f.Code], "unknown code %q", f.Code)
		assert.True(t, strings.HasPrefix(f.Code, f.Field+"."), "code %q does not name field %q", f.Code, f.Field)
		assert.LessOrEqual(t, len(f.Message), 120, "message quotes input: %q", f.Message)
	}
}
