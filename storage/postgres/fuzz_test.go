package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
)

// FuzzProfileRoundTrip checks that any text PostgreSQL can hold (valid
// UTF-8 without NUL, which the profile Service guarantees) and any time
// within timestamptz's range comes back exactly as it went in.
func FuzzProfileRoundTrip(f *testing.F) {
	f.Add("Zoë Ærøskøbing 王小明", "zh-Hant-TW", "+447911123456", int64(1_795_000_000_123_456), true)
	f.Add("", "", "", int64(0), false)
	f.Add("'; DROP TABLE profiles; --", "en", "$1", int64(-62_135_596_800_000_000), false)
	f.Add("🌟\u200d\ufeff", "und", "%s?#", int64(9_000_000_000_000_000), true)

	s, _, _ := openTest(f)
	defer s.Close()
	ctx := context.Background()
	n := 0

	f.Fuzz(func(t *testing.T, text, lang, phone string, micros int64, capitalize bool) {
		for _, v := range []string{text, lang, phone} {
			if !utf8.ValidString(v) || strings.ContainsRune(v, 0) {
				return
			}
		}
		at := time.UnixMicro(micros).UTC()
		if at.Year() < 1 || at.Year() > 9999 {
			return
		}
		n++
		id := fmt.Sprintf("a%d", n)
		want := profile.Profile{
			ID: id, Username: id + "/" + text, Role: text, BusinessUnit: text, Name: text, PublicName: text,
			Language: lang, Landline: phone, Mobile: phone, Photo: text,
			Settings: profile.Settings{CapitalizeFirstLetter: capitalize},
			Version:  micros, CreatedAt: at, UpdatedAt: at,
		}
		require.NoError(t, s.CreateProfile(ctx, want))
		got, err := s.GetProfile(ctx, id)
		require.NoError(t, err)
		assert.Equal(t, want, got)
	})
}

func TestTimesAreTruncatedToTheMicrosecond(t *testing.T) {
	ctx := context.Background()
	s, _, _ := openTest(t)
	defer s.Close()
	at := time.Date(2026, 12, 31, 23, 59, 59, 999_999_999, time.FixedZone("CET", 3600))
	p := profile.Profile{ID: "a1", Username: "u1", Version: 1, CreatedAt: at, UpdatedAt: at}
	require.NoError(t, s.CreateProfile(ctx, p))
	got, err := s.GetProfile(ctx, "a1")
	require.NoError(t, err)
	want := time.Date(2026, 12, 31, 22, 59, 59, 999_999_000, time.UTC)
	assert.Equal(t, want, got.CreatedAt, "truncated, not rounded, and in UTC")
}
