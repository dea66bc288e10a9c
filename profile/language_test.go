package profile_test

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

func TestParseLanguage(t *testing.T) {
	tests := []struct {
		in, want string
		code     profilekit.Code
	}{
		{in: "en", want: "en"},
		{in: "en_us", want: "en-US"},
		{in: "EN-us", want: "en-US"},
		{in: "zh-Hant-TW", want: "zh-Hant-TW"},
		{in: "zh_hant_tw", want: "zh-Hant-TW"},
		{in: "sr-Latn-RS", want: "sr-Latn-RS"},
		{in: "es-419", want: "es-419"},
		{in: "iw", want: "he"},
		{in: "de-CH-1996", want: "de-CH-1996"},
		{in: "xx", code: profilekit.CodeLanguageUnknown},
		{in: "zz", code: profilekit.CodeLanguageUnknown},
		{in: "en-YY", code: profilekit.CodeLanguageUnknown},
		{in: "en-Abcd", code: profilekit.CodeLanguageUnknown},
		{in: "en-UK", want: "en-GB"},
		{in: "und", code: profilekit.CodeLanguageUnknown},
		// Issue 9 (3): "und" with a region, script or extension was accepted
		// and stored as given; it names no language.
		{in: "und-US", code: profilekit.CodeLanguageUnknown},
		{in: "und-Latn", code: profilekit.CodeLanguageUnknown},
		{in: "und-419", code: profilekit.CodeLanguageUnknown},
		{in: "und_latn_us", code: profilekit.CodeLanguageUnknown},
		{in: "und-u-ca-buddhist", code: profilekit.CodeLanguageUnknown},
		{in: "x-private", code: profilekit.CodeLanguageUnknown},
		// x/text canonicalises it to "aa-t-000-u-aa", which it then
		// refuses to parse: a stored value must read back (FuzzParseLanguage).
		{in: "AA-u-AA-AA-t-000", code: profilekit.CodeLanguageMalformed},
		{in: "en-", code: profilekit.CodeLanguageMalformed},
		{in: "english", code: profilekit.CodeLanguageMalformed},
		{in: "en us", code: profilekit.CodeLanguageMalformed},
		{in: "", code: profilekit.CodeLanguageMalformed},
		{in: "1234", code: profilekit.CodeLanguageMalformed},
		{in: strings.Repeat("en-", 100) + "en", code: profilekit.CodeLanguageMalformed},
	}
	for _, tt := range tests {
		got, err := profile.ParseLanguage(tt.in)
		if tt.code != "" {
			assertFieldCode(t, err, profile.FieldLanguage, tt.code)
			continue
		}
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.want, got, tt.in)
		again, err := profile.ParseLanguage(got)
		require.NoError(t, err)
		assert.Equal(t, got, again)
	}
}

func TestLanguageSetMatch(t *testing.T) {
	ls := profile.DefaultLanguageSet()
	tests := []struct {
		in, want string
		conf     language.Confidence
	}{
		{in: "de", want: "de", conf: language.Exact},
		{in: "de-AT", want: "de", conf: language.High},
		{in: "en_GB", want: "en", conf: language.High},
		{in: "pt-BR", want: "pt", conf: language.Exact},
		{in: "pt-PT", want: "pt-PT", conf: language.Exact},
		{in: "zh-TW", want: "zh-Hant", conf: language.Exact},
		{in: "zh", want: "zh-Hans", conf: language.Exact},
		{in: "iw", want: "he", conf: language.Exact},
		{in: "mi", conf: language.No},
		{in: "nn", conf: language.No},
	}
	for _, tt := range tests {
		m, err := ls.Match(tt.in)
		require.NoError(t, err, tt.in)
		assert.Equal(t, tt.conf, m.Confidence, tt.in)
		if tt.want != "" {
			assert.Equal(t, tt.want, m.Tag, tt.in)
		}
	}
	_, err := ls.Match("xx")
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeLanguageUnknown)
}

func TestNewLanguageSet(t *testing.T) {
	ls, err := profile.NewLanguageSet("fr", "de", "en_US")
	require.NoError(t, err)
	assert.Equal(t, []string{"fr", "de", "en-US"}, ls.Tags())
	m, err := ls.Match("de-CH")
	require.NoError(t, err)
	assert.Equal(t, "de", m.Tag)

	_, err = profile.NewLanguageSet()
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeTextRequired)
	_, err = profile.NewLanguageSet("fr", "xx")
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeLanguageUnknown)
}

func TestDefaultLanguagesParse(t *testing.T) {
	langs := profile.DefaultLanguages()
	require.NotEmpty(t, langs)
	for _, s := range langs {
		got, err := profile.ParseLanguage(s)
		require.NoError(t, err, s)
		assert.Equal(t, s, got, "default languages must be canonical")
	}
	langs[0] = "changed"
	assert.Equal(t, "en", profile.DefaultLanguages()[0], "DefaultLanguages must return a copy")
	assert.Equal(t, profile.DefaultLanguages(), profile.DefaultLanguageSet().Tags())
}

func TestLanguageNames(t *testing.T) {
	assert.Equal(t, "German", profile.LanguageName("de", "en"))
	assert.Equal(t, "allemand", profile.LanguageName("de", "fr"))
	assert.Equal(t, "Deutsch", profile.LanguageName("de", "de"))
	assert.Equal(t, "German", profile.LanguageName("de", "not a tag"))
	assert.Empty(t, profile.LanguageName("xx", "en"))
	assert.Empty(t, profile.LanguageName("und-US", "en"), "und-US names no language")

	ls, err := profile.NewLanguageSet("de", "ja")
	require.NoError(t, err)
	assert.Equal(t, []profile.LanguageOption{
		{Tag: "de", Name: "German", SelfName: "Deutsch"},
		{Tag: "ja", Name: "Japanese", SelfName: "日本語"},
	}, ls.Options("en"))
}

func TestLanguageSetConcurrentMatch(t *testing.T) {
	ls := profile.DefaultLanguageSet()
	var wg sync.WaitGroup
	for _, in := range []string{"de-AT", "zh-TW", "pt-BR", "sr-Latn", "en-GB", "mi"} {
		wg.Go(func() {
			first, err := ls.Match(in)
			assert.NoError(t, err)
			for range 200 {
				m, err := ls.Match(in)
				assert.NoError(t, err)
				assert.Equal(t, first, m)
			}
		})
	}
	wg.Wait()
}

// A tag over the byte cap states the cap in its problem's parameters; an
// empty one has no number to state.
func TestLanguageCapParams(t *testing.T) {
	_, err := profile.ParseLanguage("en-" + strings.Repeat("a", profile.MaxLanguageBytes))
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeLanguageMalformed)
	assertParams(t, err, map[string]any{"max_bytes": profile.MaxLanguageBytes})
	_, err = profile.ParseLanguage("")
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeLanguageMalformed)
	assertParams(t, err, nil)
}
