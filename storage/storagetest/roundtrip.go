package storagetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
)

// FuzzProfileRoundTrip checks that any profile s can hold comes back from
// it exactly as it went in. Each input is a profile whose text fields hold
// one fuzzed string (the username behind a fresh ID, to stay unique), whose
// language and phone numbers hold two others, and whose version and times
// are one fuzzed number of microseconds since the Unix epoch. keep, when
// not nil, reports whether the backend can hold a profile (PostgreSQL
// text holds no NUL, timestamptz only the years 1 to 9999); the others are
// skipped.
//
// Adapters call it from a FuzzProfileRoundTrip of their own, with a store
// they opened, so that the seed corpus in their testdata/fuzz is read.
func FuzzProfileRoundTrip(f *testing.F, s profile.Store, keep func(profile.Profile) bool) {
	f.Add("Zoë Ærøskøbing 王小明", "zh-Hant-TW", "+447911123456", int64(1_795_000_000_123_456), true)
	f.Add("", "", "", int64(0), false)
	f.Add("a\x00b", "en", "'; DROP TABLE profiles; --", int64(-62_135_596_800_000_000), false)
	f.Add("'; DROP TABLE profiles; --", "en", "$1", int64(-62_135_596_800_000_000), false)
	f.Add("🌟\u200d\ufeff", "und", "%s?#", int64(1<<62), true)
	f.Add("🌟\u200d\ufeff", "und", "%s?#", int64(9_000_000_000_000_000), true)

	ctx := context.Background()
	n := 0
	f.Fuzz(func(t *testing.T, text, lang, phone string, micros int64, capitalize bool) {
		n++
		id := fmt.Sprintf("a%d", n)
		at := time.UnixMicro(micros).UTC()
		want := profile.Profile{
			ID: id, Username: id + "/" + text, Role: text, BusinessUnit: text, Name: text, PublicName: text,
			Language: lang, Landline: phone, Mobile: phone, Photo: text,
			Settings: profile.Settings{CapitalizeFirstLetter: capitalize},
			Version:  micros, CreatedAt: at, UpdatedAt: at,
		}
		if keep != nil && !keep(want) {
			return
		}
		require.NoError(t, s.CreateProfile(ctx, want))
		got, err := s.GetProfile(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
}

// TimesTruncatedToTheMicrosecond checks that s, a store that keeps times
// to the microsecond, truncates finer digits rather than rounding them and
// returns times in UTC. The profile "a1" must be new to s.
func TimesTruncatedToTheMicrosecond(t *testing.T, s profile.Store) {
	t.Helper()
	ctx := context.Background()
	at := time.Date(2026, 12, 31, 23, 59, 59, 999_999_999, time.FixedZone("CET", 3600))
	p := profile.Profile{ID: "a1", Username: "u1", Version: 1, CreatedAt: at, UpdatedAt: at}
	require.NoError(t, s.CreateProfile(ctx, p))
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	want := time.Date(2026, 12, 31, 22, 59, 59, 999_999_000, time.UTC)
	assert.Equal(t, want, got.CreatedAt, "truncated, not rounded, and in UTC")
}
