package pglisten_test

import (
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/pglisten"
)

func TestCheckChannel(t *testing.T) {
	longest := strings.Repeat("c", pglisten.MaxChannel)
	for channel, want := range map[string]*profilekit.FieldError{
		"profilekit_notify": nil,
		longest:             nil,
		"Mixed-Case.1":      nil,
		`a"b`:               nil,
		longest + "c": {Field: "channel", Code: profilekit.CodeIDTooLong,
			Message: "must be at most 63 characters, PostgreSQL's limit for a channel name", Params: map[string]any{"max": 63}},
		"":        {Field: "channel", Code: profilekit.CodeIDRequired, Message: "is required"},
		"a b":     {Field: "channel", Code: profilekit.CodeIDInvalidChars, Message: profilekit.CodeIDInvalidChars.Message()},
		"a\x00b":  {Field: "channel", Code: profilekit.CodeIDInvalidChars, Message: profilekit.CodeIDInvalidChars.Message()},
		"févr":    {Field: "channel", Code: profilekit.CodeIDInvalidChars, Message: profilekit.CodeIDInvalidChars.Message()},
		"a\xffb":  {Field: "channel", Code: profilekit.CodeIDInvalidChars, Message: profilekit.CodeIDInvalidChars.Message()},
		"tab\tme": {Field: "channel", Code: profilekit.CodeIDInvalidChars, Message: profilekit.CodeIDInvalidChars.Message()},
	} {
		assert.Equal(t, want, pglisten.CheckChannel("channel", channel), "%q", channel)
	}
}

// FuzzCheckChannel: a channel CheckChannel accepts is one PostgreSQL keeps
// whole (at most 63 bytes) and that LISTEN's quoting names exactly, with
// nothing dropped; one it refuses gets one of the ID rule's codes.
func FuzzCheckChannel(f *testing.F) {
	for _, s := range []string{"profilekit_feed", "", "a b", `quo"te`, "a\x00b", "é", strings.Repeat("x", 64)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, channel string) {
		fe := pglisten.CheckChannel("channel", channel)
		if fe != nil {
			assert.Equal(t, "channel", fe.Field)
			assert.Contains(t, []profilekit.Code{profilekit.CodeIDRequired, profilekit.CodeIDTooLong, profilekit.CodeIDInvalidChars}, fe.Code)
			return
		}
		require.NotEmpty(t, channel)
		require.LessOrEqual(t, len(channel), pglisten.MaxChannel)
		require.Equal(t, `"`+strings.ReplaceAll(channel, `"`, `""`)+`"`, pgx.Identifier{channel}.Sanitize())
	})
}
