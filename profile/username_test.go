package profile_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

// UTS #39 "highly restrictive": one script, or Latin with the scripts of
// Japanese, Chinese or Korean writing; Common and Inherited count for none.
func TestUsernameScripts(t *testing.T) {
	for _, ok := range []string{
		"ada", "agent_007", "асе", "σωκράτησ", "علي", "王小明", "김민준",
		"tanaka田中たなかタナカ", "ada王", "김ada", "ㄅ王ada", "x\u20d0\u0300", "ada.lovelace-1",
	} {
		_, err := profile.ParseUsername(ok)
		assert.NoError(t, err, ok)
	}
	for _, bad := range []string{
		"аda",    // Cyrillic а, Latin da
		"pаypаl", // Cyrillic а twice
		"rοοt",   // Greek ο twice
		"ㄅ김",     // Bopomofo and Hangul
		"abかな한국", // Latin, Hiragana and Hangul
		"αβγабв", // Greek and Cyrillic
		"ada\U0001E000",
	} {
		_, err := profile.ParseUsername(bad)
		assertFieldCode(t, err, profile.FieldUsername, profilekit.CodeUsernameMixedScript)
	}
}

// Issue 9 (2): a username of 64 characters, each an "a" and 15 four-byte
// combining marks, is 3,904 bytes; it was accepted and PostgreSQL could not
// index it. Now every text field has a byte cap besides its character cap.
func TestTextByteCaps(t *testing.T) {
	huge := strings.Repeat("a"+strings.Repeat("\U0001D167", 15), 64)
	require.Len(t, huge, 3904)
	_, err := profile.ParseUsername(huge)
	assertFieldCode(t, err, profile.FieldUsername, profilekit.CodeTextTooLong)

	// clusters returns n characters of the given size each: "x" and marks.
	clusters := func(n, size int) string {
		one := "x" + strings.Repeat("\U0001D167", (size-1)/4) + strings.Repeat("\u20d0", (size-1)%4/3)
		require.Len(t, one, size)
		return strings.Repeat(one, n)
	}
	for _, tt := range []struct {
		field          string
		parse          func(string) (string, error)
		chars, maxSize int
	}{
		{profile.FieldUsername, profile.ParseUsername, profile.MaxUsernameLength, profile.MaxUsernameBytes},
		{profile.FieldName, profile.ParseName, profile.MaxNameLength, profile.MaxNameBytes},
		{profile.FieldPublicName, profile.ParsePublicName, profile.MaxNameLength, profile.MaxNameBytes},
	} {
		largest := clusters(tt.chars, tt.maxSize/tt.chars)
		require.Len(t, largest, tt.maxSize)
		got, err := tt.parse(largest)
		require.NoError(t, err, tt.field)
		assert.Equal(t, largest, got, tt.field)

		_, err = tt.parse(largest + "\u20d0") // one byte-heavy mark more, no character more
		assertFieldCode(t, err, tt.field, profilekit.CodeTextTooLong)
		assertParams(t, err, map[string]any{"max": tt.chars, "max_bytes": tt.maxSize})
		_, err = tt.parse(largest[:len(largest)-tt.maxSize/tt.chars] + "xx") // within bytes, one character too many
		assertFieldCode(t, err, tt.field, profilekit.CodeTextTooLong)
		assertParams(t, err, map[string]any{"max": tt.chars, "max_bytes": tt.maxSize})
	}
}

// Usernames that look like another agent's are refused with their own code,
// the store's sentinel behind it; the Latin originals stay.
func TestConfusableUsernames(t *testing.T) {
	ctx := context.Background()
	svc, _ := newService(t)
	for i, name := range []string{"ada", "admin", "root"} {
		a := ada()
		a.ID, a.Username = "orig-"+string(rune('0'+i)), name
		_, err := svc.Create(ctx, a)
		require.NoError(t, err, name)
	}
	for i, tt := range []struct {
		username string
		code     profilekit.Code
	}{
		{"аda", profilekit.CodeUsernameMixedScript},
		{"rοοt", profilekit.CodeUsernameMixedScript},
		{"admın", profilekit.CodeUsernameConfusable},
		{"adɑ", profilekit.CodeUsernameConfusable},
		{"ADA", profilekit.CodeUsernameTaken},
	} {
		a := ada()
		a.ID, a.Username = "copy-"+string(rune('0'+i)), tt.username
		_, err := svc.Create(ctx, a)
		var verr *profile.ValidationError
		require.ErrorAs(t, err, &verr, tt.username)
		assert.Equal(t, []profilekit.Code{tt.code}, verr.Codes(), tt.username)
		if tt.code == profilekit.CodeUsernameConfusable {
			assert.ErrorIs(t, err, profile.ErrUsernameConfusable)
			assert.ErrorIs(t, err, profile.ErrInvalid)
			assert.NotErrorIs(t, err, profile.ErrUsernameTaken)
		}
	}

	// A rename to a look-alike is refused the same way.
	p, err := svc.Get(ctx, "orig-0")
	require.NoError(t, err)
	_, err = svc.AdminUpdate(ctx, p.ID, p.Version, profile.Patch{Username: new("rooт")})
	assertFieldCode(t, err, profile.FieldUsername, profilekit.CodeUsernameMixedScript)
	_, err = svc.AdminUpdate(ctx, p.ID, p.Version, profile.Patch{Username: new("rооt")}) // Cyrillic о, Latin r t
	assertFieldCode(t, err, profile.FieldUsername, profilekit.CodeUsernameMixedScript)
	_, err = svc.AdminUpdate(ctx, p.ID, p.Version, profile.Patch{Username: new("r00t")})
	require.NoError(t, err, "digits are not letters: r00t does not look like root to UTS #39")
}
