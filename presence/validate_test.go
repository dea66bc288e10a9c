package presence_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/rivo/uniseg"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/presence"
)

// knownFields maps each field the Tracker's validation may name to the
// codes it may report for it.
var knownFields = map[string][]profilekit.Code{
	presence.FieldAgentID:    {profilekit.CodeIDRequired, profilekit.CodeIDTooLong, profilekit.CodeIDInvalidChars},
	presence.FieldSessionID:  {profilekit.CodeIDRequired, profilekit.CodeIDTooLong, profilekit.CodeIDInvalidChars},
	presence.FieldChatID:     {profilekit.CodeIDRequired, profilekit.CodeIDTooLong, profilekit.CodeIDInvalidChars},
	presence.FieldCandidates: {profilekit.CodeIDRequired, profilekit.CodeIDTooLong, profilekit.CodeIDInvalidChars, profilekit.CodeCandidatesTooMany},
	presence.FieldReason:     {profilekit.CodeTextTooLong, profilekit.CodeTextDisallowedChars},
	presence.FieldDuration:   {profilekit.CodeDurationNegative, profilekit.CodeDurationTooLong},
	presence.FieldCapacity:   {profilekit.CodeCapacityOutOfRange},
}

func TestIDRuleIsProfilekits(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	id := strings.Repeat("x", profilekit.MaxIDLength)
	p, err := tr.Connect(ctx, id, strings.Repeat("s", profilekit.MaxIDLength))
	require.NoError(t, err)
	assert.Equal(t, id, p.Agent)
	for _, bad := range []string{id + "x", "界", "a b", "tab\t1", "a\x00b", "\xff"} {
		_, err = tr.Connect(ctx, bad, "s")
		var verr *presence.ValidationError
		require.ErrorAs(t, err, &verr, "%q", bad)
		assert.Equal(t, profilekit.CheckID(presence.FieldAgentID, bad).Code, verr.Fields[0].Code)
		_, err = tr.Connect(ctx, "ok", bad)
		require.ErrorAs(t, err, &verr, "%q", bad)
		assert.Equal(t, presence.FieldSessionID, verr.Fields[0].Field)
	}
}

func TestReasonRule(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)

	p, err := tr.SetBusyFor(ctx, "ada", strings.Repeat("🍜", presence.MaxReasonLength), time.Minute)
	require.NoError(t, err, "the longest reason in characters fits the byte cap")
	assert.Equal(t, strings.Repeat("🍜", presence.MaxReasonLength), p.BusyReason)
	p, err = tr.SetBusyFor(ctx, "ada", "  Lunch   break\t", time.Minute)
	require.NoError(t, err)
	assert.Equal(t, "Lunch break", p.BusyReason, "spaces are trimmed and collapsed")
	p, err = tr.SetBusyFor(ctx, "ada", " \u3000 ", time.Minute)
	require.NoError(t, err)
	assert.Empty(t, p.BusyReason, "a reason of white space only is no reason")

	for reason, code := range map[string]profilekit.Code{
		strings.Repeat("🍜", presence.MaxReasonLength+1):        profilekit.CodeTextTooLong,
		strings.Repeat("a\u0301\u0302\u0303\u0304\u0305", 100): profilekit.CodeTextTooLong, // 100 characters, 1000 bytes
		"invoice\u202Etxt.exe":                                 profilekit.CodeTextDisallowedChars,
		"zero\u200Bwidth":                                      profilekit.CodeTextDisallowedChars,
		"in a\u2066 meeting":                                   profilekit.CodeTextDisallowedChars,
		"line\nbreak":                                          profilekit.CodeTextDisallowedChars,
	} {
		_, err := tr.SetBusyFor(ctx, "bob", reason, time.Minute)
		var verr *presence.ValidationError
		require.ErrorAs(t, err, &verr, "%q", reason)
		var params map[string]any
		if code == profilekit.CodeTextTooLong {
			params = map[string]any{"max": presence.MaxReasonLength, "max_bytes": presence.MaxReasonBytes}
		}
		assert.Equal(t, []profilekit.FieldError{{Field: presence.FieldReason, Code: code, Message: verr.Fields[0].Message, Params: params}}, verr.Fields)
		_, err = presence.ParseReason(reason)
		assert.ErrorIs(t, err, presence.ErrInvalid)
	}
	p, err = tr.Get(ctx, "bob")
	require.NoError(t, err)
	assert.Zero(t, p.Version, "refused reasons stored nothing")
}

// TestRuleParams checks that every rule with a number states it in the
// problem's parameters, as well as in its English message.
func TestRuleParams(t *testing.T) {
	ctx := context.Background()
	tr, _, _ := newTracker(t)
	params := func(err error) []map[string]any {
		t.Helper()
		var verr *presence.ValidationError
		require.ErrorAs(t, err, &verr)
		var out []map[string]any
		for _, f := range verr.Fields {
			out = append(out, f.Params)
		}
		return out
	}

	_, err := tr.SetBusyFor(ctx, "ada", "", presence.MaxBusyDuration+1)
	assert.Equal(t, []map[string]any{{"max_seconds": 30 * 24 * 60 * 60}}, params(err))
	assert.ErrorContains(t, err, "must be at most 720h0m0s (30 days)")
	_, err = tr.SetBusyFor(ctx, "ada", "", -1)
	assert.Equal(t, []map[string]any{nil}, params(err), "a negative duration states no number")
	_, err = tr.SetCapacity(ctx, "ada", presence.MaxCapacity+1)
	assert.Equal(t, []map[string]any{{"min": 0, "max": presence.MaxCapacity}}, params(err))
	_, err = tr.Eligible(ctx, make([]string, presence.MaxCandidates+1))
	assert.Equal(t, []map[string]any{{"max": presence.MaxCandidates}}, params(err))
	_, err = tr.Eligible(ctx, []string{"ok", "", strings.Repeat("x", profilekit.MaxIDLength+1)})
	assert.Equal(t, []map[string]any{{"index": 1}, {"index": 2, "max": profilekit.MaxIDLength}}, params(err),
		"a candidate's problem names its index, and the ID rule's cap")
	_, err = tr.Connect(ctx, strings.Repeat("x", profilekit.MaxIDLength+1), "s")
	assert.Equal(t, []map[string]any{{"max": profilekit.MaxIDLength}}, params(err))
}

// FuzzInput feeds arbitrary IDs, reasons and durations to the Tracker: it
// must never panic, must reject bad input with a *ValidationError whose
// fields and codes are all known, storing nothing, and must store good
// input as ParseReason prepares it.
func FuzzInput(f *testing.F) {
	f.Add("ada", "tab-1", "Lunch 🍜", int64(30*time.Minute))
	f.Add("", "", "", int64(0))
	f.Add("a\x00b", "\xff", "line\nbreak", int64(-1))
	f.Add(strings.Repeat("x", profilekit.MaxIDLength+1), "s", strings.Repeat("r", presence.MaxReasonLength+1), int64(presence.MaxBusyDuration+1))
	f.Add("Zoë 王", "タブ", "\u202e", int64(time.Second))
	f.Add("ada", "s", "   ", int64(time.Second))
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
			want, err := presence.ParseReason(reason)
			require.NoError(t, err)
			assert.Equal(t, want, p.BusyReason)
			assert.True(t, kit.ValidID(agent))
			assert.LessOrEqual(t, uniseg.GraphemeClusterCount(p.BusyReason), presence.MaxReasonLength)
			assert.LessOrEqual(t, len(p.BusyReason), presence.MaxReasonBytes)
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

// assertValidation checks that err is a *ValidationError with known fields
// and codes and bounded messages.
func assertValidation(t *testing.T, err error) {
	t.Helper()
	var verr *presence.ValidationError
	require.ErrorAs(t, err, &verr)
	require.NotEmpty(t, verr.Fields)
	for _, f := range verr.Fields {
		codes, ok := knownFields[f.Field]
		assert.True(t, ok, "unknown field %q", f.Field)
		assert.Contains(t, codes, f.Code, "field %q", f.Field)
		assert.True(t, f.Code.Known(), "code %q is not in the catalogue", f.Code)
		assert.LessOrEqual(t, len(f.Message), 120, "message quotes input: %q", f.Message)
		for _, name := range f.Code.Params() {
			assert.Contains(t, f.Params, name, "%s carries every parameter of its code", f.Code)
		}
	}
}
