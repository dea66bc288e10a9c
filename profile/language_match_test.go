package profile_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/language"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
)

func TestMatchAll(t *testing.T) {
	ls, err := profile.NewLanguageSet("en", "fr", "de", "zh-Hant", "zh-Hans", "pt", "pt-PT")
	require.NoError(t, err)
	tests := []struct {
		name    string
		desired []string
		want    string
		conf    language.Confidence
	}{
		{name: "first preference wins", desired: []string{"de-CH", "fr", "en"}, want: "de", conf: language.High},
		{name: "later exact loses to an earlier close one", desired: []string{"fr-CA", "de"}, want: "fr", conf: language.High},
		{name: "unsupported first is skipped", desired: []string{"ja", "fr"}, want: "fr", conf: language.Exact},
		{name: "region without a language", desired: []string{"und-TW"}, want: "zh-Hant", conf: language.Exact},
		{name: "region of simplified Chinese", desired: []string{"und-CN"}, want: "zh-Hans", conf: language.Exact},
		{name: "bare und adds nothing", desired: []string{"und", "de"}, want: "de", conf: language.Exact},
		{name: "nothing serves", desired: []string{"mi", "haw"}, want: "en", conf: language.No},
		{name: "empty list", desired: nil, want: "en", conf: language.No},
		{name: "lenient spelling", desired: []string{"PT_br"}, want: "pt", conf: language.Exact},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, err := ls.MatchAll(tt.desired...)
			require.NoError(t, err)
			assert.Equal(t, tt.want, m.Tag)
			assert.Equal(t, tt.conf, m.Confidence)
		})
	}

	_, err = ls.MatchAll("de", "xx")
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeLanguageUnknown)
	_, err = ls.MatchAll("de", "not a tag at all, no")
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeLanguageMalformed)
	_, err = ls.MatchAll(make([]string, profile.MaxDesiredLanguages+1)...)
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeLanguageTooMany)
	assertParams(t, err, map[string]any{"max": profile.MaxDesiredLanguages})
}

func TestMatchAcceptLanguage(t *testing.T) {
	ls, err := profile.NewLanguageSet("en", "fr", "de", "es")
	require.NoError(t, err)
	tests := []struct {
		header, want string
		conf         language.Confidence
	}{
		{"de-CH, fr;q=0.8, en;q=0.5", "de", language.High},
		{"fr;q=0.8, es;q=0.9", "es", language.Exact},
		{"ja, es-419;q=0.7", "es", language.High},
		{"de;q=0, fr;q=0.1", "fr", language.Exact},
		{"*", "en", language.No},
		{"", "en", language.No},
		{"mi", "en", language.No},
		{"  de-AT  ,  en ", "de", language.High},
	}
	for _, tt := range tests {
		m, err := ls.MatchAcceptLanguage(tt.header)
		require.NoError(t, err, tt.header)
		assert.Equal(t, tt.want, m.Tag, tt.header)
		assert.Equal(t, tt.conf, m.Confidence, tt.header)
	}
	_, err = ls.MatchAcceptLanguage("de;q=x")
	assertFieldCode(t, err, profile.FieldAcceptLanguage, profilekit.CodeLanguageMalformed)
	_, err = ls.MatchAcceptLanguage(strings.Repeat("de,", profile.MaxDesiredLanguages))
	assertFieldCode(t, err, profile.FieldAcceptLanguage, profilekit.CodeLanguageTooMany)
	assertParams(t, err, map[string]any{"max": profile.MaxDesiredLanguages})
	_, err = ls.MatchAcceptLanguage(strings.Repeat("a", profile.MaxAcceptLanguageBytes+1))
	assertFieldCode(t, err, profile.FieldAcceptLanguage, profilekit.CodeTextTooLong)
	assertParams(t, err, map[string]any{"max": profile.MaxAcceptLanguageBytes, "max_bytes": profile.MaxAcceptLanguageBytes})
}

func TestLanguageSetWithUnd(t *testing.T) {
	ls, err := profile.NewLanguageSet("en-Hant-TW", "und-TW", "it", "mul", "root")
	require.NoError(t, err)
	m, err := ls.MatchAll("zh-Hant")
	require.NoError(t, err)
	assert.Equal(t, "und-TW", m.Tag, "zh-Hant is closer to und-TW than to en-Hant-TW")
	assert.Equal(t, []profile.LanguageOption{
		{Tag: "en-Hant-TW", Name: "English (Traditional Han, Taiwan)"},
		{Tag: "it", Name: "Italian", SelfName: "italiano"},
	}, ls.Options("en"), "und and mul name no language to choose")
	_, err = profile.ParseLanguage("und-TW")
	assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeLanguageUnknown)
}

// TestCLDRLocaleMatcherCases expresses every case of CLDR's locale-matcher
// test data through the SDK's API (NewLanguageSet of the supported tags,
// MatchAll of the desired ones) and checks that the SDK picks what
// x/text's matcher picks. Not expressible: a case whose supported list
// starts with a distance threshold ("50, en, fr"), CLDR's tuning knob that
// x/text's Matcher does not offer either, and the pseudo-locales
// ("en-PSCRACK"), whose unregistered variant a LanguageSet refuses as it
// refuses every tag a profile could not store. An empty supported list is
// expressed as NewLanguageSet's refusal.
func TestCLDRLocaleMatcherCases(t *testing.T) {
	f, err := os.Open("testdata/cldr-locale-matcher-test.txt")
	require.NoError(t, err)
	defer f.Close()
	var cases, expressed, threshold, pseudo, agreeWithCLDR int
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line, _, _ := strings.Cut(sc.Text(), "#")
		parts := strings.Split(line, ";")
		if len(parts) < 3 || strings.HasPrefix(strings.TrimSpace(line), "@") {
			continue
		}
		cases++
		supported, desired := list(parts[0]), list(parts[1])
		expected := strings.TrimSpace(parts[2])
		if supported[0] != "" && supported[0][0] >= '0' && supported[0][0] <= '9' {
			threshold++
			continue
		}
		if strings.Contains(parts[0], "PSCRACK") {
			pseudo++
			continue
		}
		if supported[0] == "" {
			_, err := profile.NewLanguageSet()
			assertFieldCode(t, err, profile.FieldLanguage, profilekit.CodeTextRequired)
			expressed++
			continue
		}
		ls, err := profile.NewLanguageSet(supported...)
		if !assert.NoError(t, err, "supported %q", supported) {
			continue
		}
		m, err := ls.MatchAll(desired...)
		if !assert.NoError(t, err, "desired %q", desired) {
			continue
		}
		expressed++
		want := make([]language.Tag, len(supported))
		for i, s := range supported {
			want[i] = language.Make(s)
		}
		dtags := make([]language.Tag, len(desired))
		for i, s := range desired {
			dtags[i] = language.Make(s)
		}
		_, i, _ := language.NewMatcher(want).Match(dtags...)
		assert.Equal(t, want[i].String(), m.Tag, "%s", line)
		if m.Tag == language.Make(expected).String() {
			agreeWithCLDR++
		}
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, 133, cases)
	assert.Equal(t, 3, threshold)
	assert.Equal(t, 3, pseudo)
	assert.Equal(t, cases-threshold-pseudo, expressed, "every other case is expressible")
	t.Logf("%d cases: %d expressed through the SDK (%d pick CLDR's expected match), %d need a distance threshold, %d a pseudo-locale", cases, expressed, agreeWithCLDR, threshold, pseudo)
}

// list splits a comma-separated list of tags.
func list(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		out = append(out, strings.TrimSpace(p))
	}
	return out
}

func TestOptionsAreSortedByNameInTheUILanguage(t *testing.T) {
	ls, err := profile.NewLanguageSet("en", "fr", "de", "es", "ja", "sv")
	require.NoError(t, err)
	names := func(ui string) []string {
		var out []string
		for _, o := range ls.Options(ui) {
			out = append(out, o.Name)
		}
		return out
	}
	assert.Equal(t, []string{"English", "French", "German", "Japanese", "Spanish", "Swedish"}, names("en"))
	assert.Equal(t, []string{"Deutsch", "Englisch", "Französisch", "Japanisch", "Schwedisch", "Spanisch"}, names("de"))
	assert.Equal(t, []string{"alemán", "español", "francés", "inglés", "japonés", "sueco"}, names("es"))
}

func FuzzMatchAcceptLanguage(f *testing.F) {
	for _, s := range []string{"de-CH, fr;q=0.8, en;q=0.5", "*", "", "und-TW", "zh-Hant-TW;q=0.9,en;q=1.0", "de;q=x"} {
		f.Add(s)
	}
	ls := profile.DefaultLanguageSet()
	f.Fuzz(func(t *testing.T, header string) {
		m, err := ls.MatchAcceptLanguage(header)
		if err != nil {
			var verr *profilekit.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, profile.FieldAcceptLanguage, verr.Fields[0].Field)
			return
		}
		assert.Contains(t, ls.Tags(), m.Tag)
	})
}
