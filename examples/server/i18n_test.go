package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/convrs/profilekit/examples/apierror"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
)

// updateI18n rewrites the English error messages in web/i18n/en.json from
// profilekit's catalogue: go test -run TestTranslations -update-i18n . A
// code with parameters keeps its hand-written template ("must have at
// least {min} characters") as long as it uses every parameter.
var updateI18n = flag.Bool("update-i18n", false, "rewrite web/i18n/en.json's errors from profilekit's catalogue")

// translations is one web/i18n/<lang>.json file: the page's own strings
// and the error messages, keyed by profilekit code.
type translations struct {
	UI     map[string]string `json:"ui"`
	Errors map[string]string `json:"errors"`
}

func readTranslations(t *testing.T, lang string) translations {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("web", "i18n", lang+".json"))
	require.NoError(t, err)
	var tr translations
	require.NoError(t, json.Unmarshal(data, &tr), lang)
	return tr
}

// TestTranslations holds the page's translations to profilekit's error
// catalogue: English has every code with the catalogue's message (or, for
// a code with parameters, a template stating them), and German and
// Spanish have a message for every code too, and name only codes and page
// strings that exist. Every message of a code with parameters uses each of
// them as a {name} placeholder, so that no language drops the number.
func TestTranslations(t *testing.T) {
	en := readTranslations(t, "en")
	if *updateI18n {
		old := en.Errors
		en.Errors = map[string]string{}
		for _, c := range allCodes() {
			en.Errors[string(c)] = apierror.Message(c)
			if tmpl, ok := old[string(c)]; ok && len(c.Params()) > 0 && len(missingParams(c, tmpl)) == 0 {
				en.Errors[string(c)] = tmpl
			}
		}
		data, err := json.MarshalIndent(en, "", "  ")
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join("web", "i18n", "en.json"), append(data, '\n'), 0o644))
	}
	t.Run("en has every code", func(t *testing.T) {
		for _, c := range allCodes() {
			msg, ok := en.Errors[string(c)]
			if assert.True(t, ok, "web/i18n/en.json has no message for %s: run go test -run TestTranslations -update-i18n .", c) && len(c.Params()) == 0 {
				assert.Equal(t, apierror.Message(c), msg, "web/i18n/en.json is stale for %s: run go test -run TestTranslations -update-i18n .", c)
			}
		}
		for code := range en.Errors {
			assert.True(t, apierror.Known(profilekit.Code(code)), "web/i18n/en.json has %q, which is no profilekit code", code)
		}
	})
	for _, lang := range pageLanguages(t) {
		if lang == "en" {
			continue
		}
		t.Run(lang, func(t *testing.T) {
			tr := readTranslations(t, lang)
			assert.NotEmpty(t, tr.Errors)
			for _, c := range allCodes() {
				_, ok := tr.Errors[string(c)]
				assert.True(t, ok, "web/i18n/%s.json has no message for %s (English: %q)", lang, c, apierror.Message(c))
			}
			for code, msg := range tr.Errors {
				assert.True(t, apierror.Known(profilekit.Code(code)), "web/i18n/%s.json has %q, which is no profilekit code", lang, code)
				assert.NotEmpty(t, msg, code)
			}
			for key := range tr.UI {
				assert.Contains(t, en.UI, key, "web/i18n/%s.json has a page string English lacks", lang)
			}
			for key := range en.UI {
				assert.Contains(t, tr.UI, key, "web/i18n/%s.json lacks a page string", lang)
			}
		})
	}
	t.Run("messages state the numbers", func(t *testing.T) {
		withParams := 0
		for _, lang := range pageLanguages(t) {
			tr := readTranslations(t, lang)
			for _, c := range allCodes() {
				msg := tr.Errors[string(c)]
				if len(c.Params()) > 0 {
					withParams++
					assert.Empty(t, missingParams(c, msg), "web/i18n/%s.json: the message of %s (%q) drops a parameter", lang, c, msg)
				}
				for _, m := range placeholder.FindAllStringSubmatch(msg, -1) {
					assert.Contains(t, c.Params(), m[1], "web/i18n/%s.json: the message of %s uses {%s}, which %s does not carry", lang, c, m[1], c)
				}
			}
		}
		assert.NotZero(t, withParams, "no code has parameters")
	})
	t.Run("page keys", func(t *testing.T) {
		for _, f := range []struct {
			file string
			re   *regexp.Regexp
		}{
			{"index.html", regexp.MustCompile(`data-i18n(?:-placeholder)?="([^"]+)"`)},
			{"app.js", regexp.MustCompile(`\bt\('([a-z_.]+)'`)},
		} {
			data, err := os.ReadFile(filepath.Join("web", f.file))
			require.NoError(t, err)
			var keys []string
			for _, m := range f.re.FindAllStringSubmatch(string(data), -1) {
				keys = append(keys, m[1])
			}
			require.NotEmpty(t, keys, f.file)
			for _, k := range slices.Compact(slices.Sorted(slices.Values(keys))) {
				assert.Contains(t, en.UI, k, "%s uses a page string web/i18n/en.json lacks", f.file)
			}
		}
	})
}

// pageLanguages lists the page's languages: one web/i18n/<lang>.json each.
func pageLanguages(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("web", "i18n", "*.json"))
	require.NoError(t, err)
	var langs []string
	for _, f := range files {
		langs = append(langs, strings.TrimSuffix(filepath.Base(f), ".json"))
	}
	require.Contains(t, langs, "en")
	return langs
}

// TestPageLanguagesMatchTheFiles holds app.js's list of languages (LANGS)
// to the translation files, and its list of right-to-left ones (RTL) to
// the languages the translations' own script writes right to left.
func TestPageLanguagesMatchTheFiles(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("web", "app.js"))
	require.NoError(t, err)
	list := func(name string) []string {
		m := regexp.MustCompile(`(?m)^const ` + name + ` = \[([^\]]*)\];`).FindSubmatch(data)
		require.NotNil(t, m, "app.js has no const %s = [...]", name)
		var out []string
		for _, q := range regexp.MustCompile(`'([a-z-]+)'`).FindAllSubmatch(m[1], -1) {
			out = append(out, string(q[1]))
		}
		return out
	}
	assert.ElementsMatch(t, pageLanguages(t), list("LANGS"), "app.js's LANGS and the files in web/i18n")
	var rtl []string
	for _, lang := range pageLanguages(t) {
		if rightToLeft(readTranslations(t, lang).UI["tab.general"]) {
			rtl = append(rtl, lang)
		}
	}
	assert.ElementsMatch(t, rtl, list("RTL"), "app.js's RTL and the languages whose page strings are right-to-left script")
}

// rightToLeft reports whether the first strong letter of s is of a
// right-to-left script (Arabic or Hebrew).
func rightToLeft(s string) bool {
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Arabic, unicode.Hebrew):
			return true
		case unicode.IsLetter(r):
			return false
		}
	}
	return false
}

// placeholder is a parameter in a message: {min}.
var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

// missingParams returns the parameters of code that msg does not use as
// placeholders.
func missingParams(code profilekit.Code, msg string) []string {
	var missing []string
	for _, p := range code.Params() {
		if !strings.Contains(msg, "{"+p+"}") {
			missing = append(missing, p)
		}
	}
	return missing
}

// allCodes is every code an answer of the server can carry: the library's
// catalogue and the HTTP layer's own.
func allCodes() []profilekit.Code {
	return append(profilekit.Codes(), apierror.Codes()...)
}
