package profile_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

// The seed corpora live in testdata/fuzz/<FuzzName>; these fuzzers check
// that no input panics and that whatever is accepted is a fixed point.

func FuzzParsePhone(f *testing.F) {
	f.Add("+44 20 7946 0018", "GB", true)
	f.Add("(201) 555-0123", "US", false)
	f.Fuzz(func(t *testing.T, in, region string, mobile bool) {
		kind := profile.KindLandline
		if mobile {
			kind = profile.KindMobile
		}
		p, err := profile.ParsePhone(in, kind, profile.PhoneRules{DefaultRegion: region, AllowVoIP: true})
		if err != nil {
			var verr *profile.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Empty(t, p.E164())
			return
		}
		again, err := profile.ParsePhone(p.E164(), kind, profile.PhoneRules{AllowVoIP: true})
		require.NoError(t, err, "E.164 %q of %q must parse again", p.E164(), in)
		assert.Equal(t, p, again)
		_ = p.National()
		_ = p.International()
	})
}

func FuzzParseLanguage(f *testing.F) {
	f.Add("zh-Hant-TW")
	f.Add("en_us")
	ls := profile.DefaultLanguageSet()
	f.Fuzz(func(t *testing.T, in string) {
		tag, err := profile.ParseLanguage(in)
		_, merr := ls.Match(in)
		assert.Equal(t, err == nil, merr == nil)
		_ = profile.LanguageName(in, in)
		if err != nil {
			var verr *profile.ValidationError
			require.ErrorAs(t, err, &verr)
			return
		}
		again, err := profile.ParseLanguage(tag)
		require.NoError(t, err, "canonical %q of %q must parse again", tag, in)
		assert.Equal(t, tag, again)
	})
}

func FuzzName(f *testing.F) {
	f.Add("  Ada   Lovelace ")
	f.Add("王小明")
	f.Add("admın")
	f.Fuzz(func(t *testing.T, in string) {
		for _, tt := range []struct {
			parse    func(string) (string, error)
			maxBytes int
		}{
			{profile.ParseName, profile.MaxNameBytes},
			{profile.ParsePublicName, profile.MaxNameBytes},
			{profile.ParseUsername, profile.MaxUsernameBytes},
		} {
			v, err := tt.parse(in)
			if err != nil {
				var verr *profile.ValidationError
				require.ErrorAs(t, err, &verr)
				continue
			}
			require.True(t, utf8.ValidString(v))
			require.LessOrEqual(t, len(v), tt.maxBytes, "the byte cap holds")
			again, err := tt.parse(v)
			require.NoError(t, err, "prepared %q of %q must parse again", v, in)
			assert.Equal(t, v, again)
		}
	})
}

// FuzzID checks that any ID gives the Service's answer for it, never a
// store's failure or a long error: a valid one is looked up, any other is
// refused before the store sees it.
func FuzzID(f *testing.F) {
	f.Add("agent-1")
	f.Add("")
	f.Add("has space")
	f.Add("nul\x00")
	f.Add(strings.Repeat("a", 129))
	svc := profile.New(memory.New(), nil)
	f.Fuzz(func(t *testing.T, id string) {
		ctx := context.Background()
		_, err := svc.Get(ctx, id)
		require.Error(t, err)
		if kit.ValidID(id) {
			assert.ErrorIs(t, err, profile.ErrNotFound)
		} else {
			var verr *profile.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, profile.FieldID, verr.Fields[0].Field)
		}
		assert.LessOrEqual(t, len(err.Error()), 160, "the error echoes the ID")
		_, err = svc.SetPhoto(ctx, id, 1, "p.webp")
		require.Error(t, err)
		assert.LessOrEqual(t, len(err.Error()), 160, "the error echoes the ID")
	})
}

func FuzzCapitalize(f *testing.F) {
	f.Add("istanbul", "tr")
	f.Add("ijssel", "nl")
	f.Fuzz(func(t *testing.T, in, lang string) {
		got := profile.Capitalize(in, lang)
		assert.Equal(t, got, profile.Capitalize(got, lang), "not idempotent")
		if utf8.ValidString(in) {
			assert.True(t, utf8.ValidString(got))
		}
	})
}

func FuzzUpdate(f *testing.F) {
	f.Add("Ada", "Ada", "de-AT", "+44 20 7946 0018", "+44 7400 123456", "root")
	f.Fuzz(func(t *testing.T, name, public, lang, landline, mobile, username string) {
		ctx := context.Background()
		svc := profile.New(memory.New(), &profile.Options{Phone: profile.PhoneRules{DefaultRegion: "DE"}})
		p, err := svc.Create(ctx, profile.NewAgent{ID: "a", Username: "ada", Role: "agent", Name: "Ada", PublicName: "Ada"})
		require.NoError(t, err)
		patch := profile.Patch{Name: &name, PublicName: &public, Language: &lang, Landline: &landline, Mobile: &mobile}
		if username != "ada" {
			patch.Username = &username
		}
		got, err := svc.Update(ctx, p.ID, p.Version, patch)
		stored, gerr := svc.Get(ctx, p.ID)
		require.NoError(t, gerr)
		if err != nil {
			var verr *profile.ValidationError
			require.True(t, errors.As(err, &verr) || errors.Is(err, profile.ErrForbidden), "unexpected error %v", err)
			assert.Equal(t, p, stored, "a rejected update changed the profile")
			return
		}
		assert.Equal(t, got, stored)
		// Saving the stored values again is accepted and changes nothing.
		same, err := svc.Update(ctx, got.ID, got.Version, profile.Patch{
			Name: &got.Name, PublicName: &got.PublicName, Language: &got.Language,
			Landline: &got.Landline, Mobile: &got.Mobile,
		})
		require.NoError(t, err)
		assert.Equal(t, got, same)
	})
}
