package profile_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

func TestParseName(t *testing.T) {
	tests := []struct {
		name, in, want string
		code           profilekit.Code
	}{
		{name: "Latin", in: "Ada Lovelace", want: "Ada Lovelace"},
		{name: "spaces collapsed and trimmed", in: "  Ada \u00a0  Lovelace\t", want: "Ada Lovelace"},
		{name: "full-width folded", in: "ＡＤＡ", want: "ADA"},
		{name: "compatibility form", in: "ﬁona", want: "fiona"},
		{name: "Cyrillic", in: "Анна Каренина", want: "Анна Каренина"},
		{name: "Greek", in: "Σωκράτης", want: "Σωκράτης"},
		{name: "Arabic", in: "نجيب محفوظ", want: "نجيب محفوظ"},
		{name: "Hebrew", in: "עמוס עוז", want: "עמוס עוז"},
		{name: "Devanagari", in: "प्रेमचंद", want: "प्रेमचंद"},
		{name: "Chinese", in: "王小明", want: "王小明"},
		{name: "Japanese", in: "山田 太郎", want: "山田 太郎"},
		{name: "Korean", in: "김민준", want: "김민준"},
		{name: "Thai", in: "สมชาย", want: "สมชาย"},
		{name: "emoji allowed", in: "Zoë 🌟", want: "Zoë 🌟"},
		{name: "decomposed becomes composed", in: "Zoe\u0308", want: "Zoë"},
		{name: "symbols only is a name", in: "!!!", want: "!!!"},
		{name: "empty", in: "", code: profilekit.CodeTextRequired},
		{name: "spaces only", in: " \u3000 ", code: profilekit.CodeTextRequired},
		{name: "control character", in: "Ada\x00Lovelace", code: profilekit.CodeTextDisallowedChars},
		{name: "bell", in: "Ada\aLovelace", code: profilekit.CodeTextDisallowedChars},
		{name: "unassigned code point", in: "Ada \U000E0080", code: profilekit.CodeTextDisallowedChars},
		{name: "invalid UTF-8", in: "Ada \xff", code: profilekit.CodeTextDisallowedChars},
		{name: "64 characters", in: strings.Repeat("é", 64), want: strings.Repeat("é", 64)},
		{name: "64 decomposed characters", in: strings.Repeat("e\u0301", 64), want: strings.Repeat("é", 64)},
		{name: "64 flags", in: strings.Repeat("🇩🇪", 64), want: strings.Repeat("🇩🇪", 64)},
		{name: "64 skin-tone emoji", in: strings.Repeat("👍🏽", 64), want: strings.Repeat("👍🏽", 64)},
		{name: "tab around is trimmed", in: "\tAda\n", want: "Ada"},
		{name: "tab inside", in: "Ada\tLovelace", code: profilekit.CodeTextDisallowedChars},
		{name: "ZWJ outside Indic scripts", in: "👩\u200d💻", code: profilekit.CodeTextDisallowedChars},
		{name: "65 characters", in: strings.Repeat("é", 65), code: profilekit.CodeTextTooLong},
		{name: "65 CJK characters", in: strings.Repeat("王", 65), code: profilekit.CodeTextTooLong},
		{name: "huge input capped", in: strings.Repeat("a", 1<<20), code: profilekit.CodeTextTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := profile.ParseName(tt.in)
			if tt.code != "" {
				assertFieldCode(t, err, profile.FieldName, tt.code)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			again, err := profile.ParseName(got)
			require.NoError(t, err)
			assert.Equal(t, got, again, "a prepared name must prepare to itself")
		})
	}
}

func TestParsePublicName(t *testing.T) {
	for _, ok := range []string{"Ada", "Agent 7", "王", "٣", "R2-D2 🤖"} {
		got, err := profile.ParsePublicName(ok)
		require.NoError(t, err, ok)
		assert.NotEmpty(t, got)
	}
	for _, bad := range []string{"!!!", "🙂", "— —", "🇩🇪"} {
		_, err := profile.ParsePublicName(bad)
		assertFieldCode(t, err, profile.FieldPublicName, profilekit.CodeTextNoLetterOrDigit)
	}
	_, err := profile.ParsePublicName("")
	assertFieldCode(t, err, profile.FieldPublicName, profilekit.CodeTextRequired)
}

func TestParseUsername(t *testing.T) {
	tests := []struct {
		in, want string
		code     profilekit.Code
	}{
		{in: "Ada", want: "ada"},
		{in: "ＡＤＡ", want: "ada"},
		{in: "zoë", want: "zoë"},
		{in: "ZOË", want: "zoë"},
		{in: "ada.lovelace_1", want: "ada.lovelace_1"},
		{in: "ΣΩΚΡΆΤΗΣ", want: "σωκράτησ"}, // RFC 8265 lower-cases without the final-sigma context
		{in: "ada lovelace", code: profilekit.CodeTextDisallowedChars},
		{in: "ada\ttab", code: profilekit.CodeTextDisallowedChars},
		{in: "", code: profilekit.CodeTextRequired},
		{in: strings.Repeat("a", 65), code: profilekit.CodeTextTooLong},
	}
	for _, tt := range tests {
		got, err := profile.ParseUsername(tt.in)
		if tt.code != "" {
			assertFieldCode(t, err, profile.FieldUsername, tt.code)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
	}
}

// assertFieldCode checks that err is a *ValidationError whose only problem
// is the given field and code.
func assertFieldCode(t *testing.T, err error, field string, code profilekit.Code) {
	t.Helper()
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Len(t, verr.Fields, 1, "%v", err)
	assert.Equal(t, field, verr.Fields[0].Field)
	assert.Equal(t, code, verr.Fields[0].Code)
	assert.NotEmpty(t, verr.Fields[0].Message)
	assert.ErrorIs(t, err, profile.ErrInvalid)
	for _, name := range code.Params() {
		assert.Contains(t, verr.Fields[0].Params, name, "%s carries every parameter of its code", code)
	}
}

// assertParams checks the parameters of err's one problem.
func assertParams(t *testing.T, err error, want map[string]any) {
	t.Helper()
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Len(t, verr.Fields, 1, "%v", err)
	assert.Equal(t, want, verr.Fields[0].Params)
}

// Every capped text field states its caps in the problem's parameters,
// the ones the service applies.
func TestTextTooLongParams(t *testing.T) {
	svc, _ := newService(t)
	long := strings.Repeat("x", 200)
	_, err := svc.Create(context.Background(), profile.NewAgent{
		Username: long, Role: long, BusinessUnit: strings.Repeat("x", 300), Name: long, PublicName: long,
	})
	var verr *profile.ValidationError
	require.ErrorAs(t, err, &verr)
	want := map[string]map[string]any{
		profile.FieldUsername:     {"max": profile.MaxUsernameLength, "max_bytes": profile.MaxUsernameBytes},
		profile.FieldRole:         {"max": profile.MaxRoleLength, "max_bytes": profile.MaxRoleBytes},
		profile.FieldBusinessUnit: {"max": profile.MaxBusinessUnitLength, "max_bytes": profile.MaxBusinessUnitBytes},
		profile.FieldName:         {"max": profile.MaxNameLength, "max_bytes": profile.MaxNameBytes},
		profile.FieldPublicName:   {"max": profile.MaxNameLength, "max_bytes": profile.MaxNameBytes},
	}
	require.Len(t, verr.Fields, len(want), "%v", err)
	for _, fe := range verr.Fields {
		assert.Equal(t, profilekit.CodeTextTooLong, fe.Code, fe.Field)
		assert.Equal(t, want[fe.Field], fe.Params, fe.Field)
		assert.Contains(t, fe.Message, fmt.Sprint(want[fe.Field]["max"]), "the English message states the number too")
	}
}
