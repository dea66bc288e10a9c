package password_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/password"
)

// codesOf returns the violation codes of err, or nil when err is nil.
func codesOf(t *testing.T, err error) []profilekit.Code {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *password.ValidationError
	require.ErrorAs(t, err, &ve)
	return ve.Codes()
}

var ada = password.Subject{
	AgentID:    "a1",
	Username:   "ada.lovelace",
	Name:       "Ada Lovelace",
	PublicName: "Augusta",
	Email:      "countess@analytical-engine.example.org",
}

func TestPolicyLength(t *testing.T) {
	ctx := context.Background()
	p := password.NewPolicy(nil)
	tests := []struct {
		name     string
		password string
		second   bool
		want     []profilekit.Code
	}{
		{"EmptyIsTooShort", "", false, []profilekit.Code{profilekit.CodePasswordTooShort}},
		{"FourteenIsTooShort", "river-tangent7", false, []profilekit.Code{profilekit.CodePasswordTooShort}},
		{"FifteenIsEnough", "river-tangent7!", false, nil},
		{"EightWithoutSecondFactorIsTooShort", "kq7#vmZp", false, []profilekit.Code{profilekit.CodePasswordTooShort}},
		{"EightWithSecondFactorNeedsPolicyOptIn", "kq7#vmZp", true, []profilekit.Code{profilekit.CodePasswordTooShort}},
		{"SpacesAreAllowed", "correct horse battery staple", false, nil},
		{"NoCompositionRules", "glimmering marshland owls", false, nil},
		{"EmojiCountAsOneCharacterEach", "🐈🦉🌵🍋🚲🎻🧭🪁🦔🌋🎲🧩🪐🦜🍄", false, nil},
		{"FourteenEmojiAreTooShort", "🐈🦉🌵🍋🚲🎻🧭🪁🦔🌋🎲🧩🪐🦜", false, []profilekit.Code{profilekit.CodePasswordTooShort}},
		{"ExactlyMax", numbered(128), false, nil},
		{"OverMax", numbered(129), false, []profilekit.Code{profilekit.CodePasswordTooLong}},
		{"FarOverMaxIsNotPrepared", strings.Repeat("ab", 10_000), false, []profilekit.Code{profilekit.CodePasswordTooLong}},
		{"ControlCharacterInvalid", "bell\x07character-password", false, []profilekit.Code{profilekit.CodePasswordInvalid}},
		{"InvalidUTF8", "invalid\xffutf8-password-here", false, []profilekit.Code{profilekit.CodePasswordInvalid}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := p.Validate(ctx, password.Subject{SecondFactor: tt.second}, tt.password)
			assert.Equal(t, tt.want, codesOf(t, err))
		})
	}
}

// numbered returns a password of exactly n characters that breaks no rule
// but length: "0,1,2,3,...", cut to size.
func numbered(n int) string {
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%d,", i)
	}
	return b.String()[:n]
}

func TestPolicySecondFactorMinimum(t *testing.T) {
	ctx := context.Background()
	p := password.NewPolicy(&password.PolicyOptions{MinLength: 8})
	assert.Equal(t, 8, p.MinLength(true))
	assert.Equal(t, 15, p.MinLength(false))
	assert.NoError(t, p.Validate(ctx, password.Subject{SecondFactor: true}, "kq7#vmZp"))
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordTooShort}, codesOf(t, p.Validate(ctx, password.Subject{}, "kq7#vmZp")))
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordTooShort}, codesOf(t, p.Validate(ctx, password.Subject{SecondFactor: true}, "kq7#vmZ")))

	assertParams(t, p.Validate(ctx, password.Subject{}, "kq7#vmZp"), map[string]any{"min": 15})
	assertParams(t, p.Validate(ctx, password.Subject{SecondFactor: true}, "kq7#vmZ"), map[string]any{"min": 8})
	long := password.NewPolicy(&password.PolicyOptions{MaxLength: 70})
	assertParams(t, long.Validate(ctx, password.Subject{}, strings.Repeat("kq7#vmZp", 9)), map[string]any{"max": 70})
	assertParams(t, long.Validate(ctx, password.Subject{}, strings.Repeat("kq7#vmZp", 10_000)), map[string]any{"max": 70})

	low := password.NewPolicy(&password.PolicyOptions{MinLength: 4})
	assert.Equal(t, password.MinLengthSecondFactor, low.MinLength(true), "the minimum never drops below 8")
	high := password.NewPolicy(&password.PolicyOptions{MinLength: 20, MaxLength: 10})
	assert.Equal(t, 20, high.MinLength(true))
	assert.Equal(t, password.MinMaxLength, high.MaxLength(), "the maximum is at least 64")
}

func TestPolicyPreparation(t *testing.T) {
	ctx := context.Background()
	p := password.NewPolicy(nil)
	// "café" typed with a combining accent (NFD) has 16 code points but 15
	// characters after NFC, so it is long enough either way.
	nfd := "cafe\u0301 au lait, s'il"
	nfc := "café au lait, s'il"
	assert.NoError(t, p.Validate(ctx, password.Subject{}, nfd))
	assert.NoError(t, p.Validate(ctx, password.Subject{}, nfc))
	// Fourteen characters after NFC: too short although it has 15 code points.
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordTooShort}, codesOf(t, p.Validate(ctx, password.Subject{}, "cafe\u0301 au lait x")))
	// A no-break space counts like a space.
	assert.NoError(t, p.Validate(ctx, password.Subject{}, "correct\u00a0horse battery"))
}

func TestPolicyContextWords(t *testing.T) {
	ctx := context.Background()
	p := password.NewPolicy(&password.PolicyOptions{Words: []string{"Acme Corp"}})
	tests := []struct {
		name     string
		password string
		want     []profilekit.Code
	}{
		{"Unrelated", "violet submarine orchestra", nil},
		{"ContainsUsername", "my ada.lovelace password", []profilekit.Code{profilekit.CodePasswordContainsUsername, profilekit.CodePasswordContainsName}},
		{"ContainsUsernameOtherCase", "my ADA.LoveLace password", []profilekit.Code{profilekit.CodePasswordContainsUsername, profilekit.CodePasswordContainsName}},
		{"NearCopyOfUsernameOneEdit", "ada-lovelace-2026", []profilekit.Code{profilekit.CodePasswordContainsUsername, profilekit.CodePasswordContainsName}},
		{"NearCopyOfUsernameTwoEdits", "adalovlace forever!", []profilekit.Code{profilekit.CodePasswordContainsUsername}},
		{"ContainsNameWord", "lovelace and babbage", []profilekit.Code{profilekit.CodePasswordContainsName}},
		{"ContainsNameJoined", "xxadalovelacexx!!", []profilekit.Code{profilekit.CodePasswordContainsUsername, profilekit.CodePasswordContainsName}},
		{"ContainsPublicName", "dear augusta, hello", []profilekit.Code{profilekit.CodePasswordContainsName}},
		{"ContainsEmailLocalPart", "the countess of nowhere", []profilekit.Code{profilekit.CodePasswordContainsEmail}},
		{"ContainsEmailDomainWord", "analytical thinking wins", []profilekit.Code{profilekit.CodePasswordContainsEmail}},
		{"TopLevelDomainIsNotAWord", "organ grinder's monkey", nil},
		{"ContainsProductName", "I love convrs so much", []profilekit.Code{profilekit.CodePasswordContainsProductName}},
		{"ContainsExtraWord", "acme rocket skates!", []profilekit.Code{profilekit.CodePasswordContainsProductName}},
		{"ShortNameWordsIgnored", "canada geese honking", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, codesOf(t, p.Validate(ctx, ada, tt.password)))
		})
	}
}

func TestPolicyShortUsernameNeedsExactMatch(t *testing.T) {
	ctx := context.Background()
	p := password.NewPolicy(nil)
	s := password.Subject{Username: "anna"}
	assert.NoError(t, p.Validate(ctx, s, "bananas are yummy"), "near-copies of short usernames are not searched")
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordContainsUsername}, codesOf(t, p.Validate(ctx, s, "hello anna, hello!")))
}

func TestPolicyRepetitionAndSequences(t *testing.T) {
	ctx := context.Background()
	p := password.NewPolicy(nil)
	tests := []struct {
		password string
		want     []profilekit.Code
	}{
		{"aaaaaaaaaaaaaaaa", []profilekit.Code{profilekit.CodePasswordRepetitive}},
		{"AaAaAaAaAaAaAaAa", []profilekit.Code{profilekit.CodePasswordRepetitive}},
		{"abcabcabcabcabcab", []profilekit.Code{profilekit.CodePasswordRepetitive}},
		{"aaaaaaaabbbbbbbb", []profilekit.Code{profilekit.CodePasswordRepetitive}},
		{"1234567890123456", []profilekit.Code{profilekit.CodePasswordSequential}},
		{"abcdefghijklmnopq", []profilekit.Code{profilekit.CodePasswordSequential}},
		{"zyxwvutsrqponmlk", []profilekit.Code{profilekit.CodePasswordSequential}},
		{"6543210987654321", []profilekit.Code{profilekit.CodePasswordSequential}},
		{"1234567890abcdefg", nil},
		{"sunlit meadow 1234", nil},
	}
	for _, tt := range tests {
		t.Run(tt.password, func(t *testing.T) {
			assert.Equal(t, tt.want, codesOf(t, p.Validate(ctx, password.Subject{}, tt.password)))
		})
	}
}

func TestPolicyBlocklists(t *testing.T) {
	ctx := context.Background()
	list := password.NewWordlist([]string{"Password123456789", "letmeinletmein!!"})
	p := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{list}})
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordBreached}, codesOf(t, p.Validate(ctx, password.Subject{}, "PASSWORD123456789")))
	assert.NoError(t, p.Validate(ctx, password.Subject{}, "quiet lanterns glow"))

	down := errBlocklist{fmt.Errorf("test: down: %w", password.ErrBlocklistUnavailable)}
	p = password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{down, list}})
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordBreached}, codesOf(t, p.Validate(ctx, password.Subject{}, "letmeinletmein!!")),
		"a hit on a working list is reported even when another list is down")
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordCheckUnavailable}, codesOf(t, p.Validate(ctx, password.Subject{}, "quiet lanterns glow")),
		"a list that cannot answer refuses the password")

	cctx, cancel := context.WithCancel(ctx)
	cancel()
	err := p.Validate(cctx, password.Subject{}, "quiet lanterns glow")
	assert.ErrorIs(t, err, context.Canceled)
	var ve *password.ValidationError
	assert.False(t, errors.As(err, &ve), "a cancelled context is not a policy violation")
}

func TestPolicyCommonPasswords(t *testing.T) {
	list, err := password.OpenWordlist(commonPasswordsPath(t))
	require.NoError(t, err)
	ctx := context.Background()
	p := password.NewPolicy(&password.PolicyOptions{MinLength: 8, Blocklists: []password.Blocklist{list}})
	second := password.Subject{SecondFactor: true}
	for _, common := range []string{"password", "PASSWORD", "Password1", "iloveyou", "qwertyuiop", "trustno1"} {
		assert.Contains(t, codesOf(t, p.Validate(ctx, second, common)), profilekit.CodePasswordBreached, common)
	}
	assert.NoError(t, p.Validate(ctx, second, "quiet lanterns glow"))
}

func TestPolicyEveryReasonAtOnce(t *testing.T) {
	ctx := context.Background()
	list := password.NewWordlist([]string{"ada"})
	p := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{list}})
	err := p.Validate(ctx, password.Subject{Username: "ada"}, "ada")
	assert.Equal(t, []profilekit.Code{profilekit.CodePasswordTooShort, profilekit.CodePasswordContainsUsername, profilekit.CodePasswordBreached}, codesOf(t, err))
	var ve *password.ValidationError
	require.ErrorAs(t, err, &ve)
	for _, v := range ve.Fields {
		assert.Equal(t, "password", v.Field)
		assert.NotEmpty(t, v.Message)
	}
	assert.ErrorIs(t, err, password.ErrInvalid)
	assert.True(t, ve.Has(profilekit.CodePasswordBreached))
	assert.False(t, ve.Has(profilekit.CodePasswordSequential))
	assert.Equal(t, "password: invalid input: password: must have at least 15 characters (password.too_short); password: must not contain your username (password.contains_username); password: is too common or has appeared in a data breach (password.breached)", err.Error())
}

func TestValidationErrorNeverHoldsThePassword(t *testing.T) {
	ctx := context.Background()
	secret := "ada.lovelace-secret"
	err := password.NewPolicy(nil).Validate(ctx, ada, secret)
	require.Error(t, err)
	var ve *password.ValidationError
	require.ErrorAs(t, err, &ve)
	assert.NotContains(t, err.Error(), secret)
	for _, v := range ve.Fields {
		assert.NotContains(t, v.Message, "secret")
	}
}

// assertParams checks that err has one problem, whose parameters are want
// and whose English message states the same number.
func assertParams(t *testing.T, err error, want map[string]any) {
	t.Helper()
	var verr *password.ValidationError
	require.ErrorAs(t, err, &verr)
	require.Len(t, verr.Fields, 1, "%v", err)
	assert.Equal(t, want, verr.Fields[0].Params)
	for _, v := range want {
		assert.Contains(t, verr.Fields[0].Message, fmt.Sprint(v))
	}
}
