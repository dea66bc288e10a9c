package storagetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

// FuzzProfileRoundTrip checks that any profile s can hold comes back from
// it exactly as it went in. Each input is a profile whose text fields hold
// one fuzzed string (the username and its skeleton behind a fresh ID, to
// stay unique), whose language and phone numbers hold two others, and whose
// version and times are one fuzzed number of microseconds since the Unix
// epoch. keep, when not nil, reports whether the backend can hold a
// profile (PostgreSQL text holds no NUL, timestamptz only the years 1 to
// 9999); the others are skipped.
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
			ID: id, Username: id + "/" + text, UsernameSkeleton: id + "/" + text, Role: text, BusinessUnit: text, Name: text, PublicName: text,
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

// longestID returns prefix padded with "~" (the last character the ID rule
// allows) to the longest ID the rule accepts, profilekit.MaxIDLength bytes.
func longestID(prefix string) string {
	return prefix + strings.Repeat("~", profilekit.MaxIDLength-len(prefix))
}

// largestProfile returns a profile whose every field holds the largest
// value the profile Service accepts, in characters and in bytes: what
// every adapter must store (PostgreSQL's btree index entries stop at 2,704
// bytes, and username and its skeleton are indexed). Text is built from
// grapheme clusters of "x" and combining marks, so that each field holds
// as many characters as it may and each character as many bytes as the
// byte cap leaves it; the suite checks that the profile parsers accept
// every value unchanged.
func largestProfile(id string) profile.Profile {
	at := time.Date(9999, 12, 31, 23, 59, 59, 999_999_000, time.UTC)
	return profile.Profile{
		ID:               longestID(id),
		Username:         clusters(profile.MaxUsernameLength, profile.MaxUsernameBytes),
		UsernameSkeleton: clusters(profile.MaxUsernameSkeletonBytes/16, profile.MaxUsernameSkeletonBytes),
		Role:             clusters(profile.MaxRoleLength, profile.MaxRoleBytes),
		BusinessUnit:     clusters(profile.MaxBusinessUnitLength, profile.MaxBusinessUnitBytes),
		Name:             clusters(profile.MaxNameLength, profile.MaxNameBytes),
		PublicName:       clusters(profile.MaxNameLength, profile.MaxNameBytes),
		Language:         longestLanguageTag(),
		Landline:         "+" + strings.Repeat("9", profile.MaxPhoneBytes-1),
		Mobile:           "+" + strings.Repeat("8", profile.MaxPhoneBytes-1),
		Photo:            strings.Repeat("é", profile.MaxPhotoRefBytes/2),
		Settings:         profile.Settings{CapitalizeFirstLetter: true},
		Version:          1<<63 - 1,
		CreatedAt:        at,
		UpdatedAt:        at,
	}
}

// clusters returns n grapheme clusters of size/n bytes each (size/n >= 4):
// an "x" and combining marks, the four-byte U+1D167 (combining class 1)
// first, then three-byte U+20D0 and two-byte U+0300 (class 230), an order
// NFC keeps.
func clusters(n, size int) string {
	rest := size/n - 1
	var tail string
	switch rest % 4 {
	case 1:
		rest -= 5
		tail = "\u0300\u20d0"
	case 2:
		rest -= 2
		tail = "\u0300"
	case 3:
		rest -= 3
		tail = "\u20d0"
	}
	one := "x" + strings.Repeat("\U0001D167", rest/4) + tail
	return strings.Repeat(one, n)
}

// longestLanguageTag returns a well-formed tag of profile.MaxLanguageBytes
// bytes: English with private-use subtags of eight letters.
func longestLanguageTag() string {
	tag := "en-x-" + strings.Repeat("abcdefgh-", profile.MaxLanguageBytes/9)
	return strings.TrimSuffix(tag[:profile.MaxLanguageBytes], "-")
}
