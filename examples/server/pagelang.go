package main

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/convrs/profilekit/profile"
	"golang.org/x/text/language"
)

// pageTranslations is the set of languages the page has a translation for,
// one file i18n/<tag>.json each in web, English first (the page's
// default). A web without translations speaks English only.
func pageTranslations(web fs.FS) *profile.LanguageSet {
	tags := []string{"en"}
	files, _ := fs.Glob(web, "i18n/*.json")
	for _, f := range files {
		if tag := strings.TrimSuffix(path.Base(f), ".json"); tag != "en" {
			tags = append(tags, tag)
		}
	}
	set, err := profile.NewLanguageSet(tags...)
	if err != nil {
		set, _ = profile.NewLanguageSet("en")
	}
	return set
}

// pageLanguage answers which of its translations the page shows: the
// language the agent chose (her profile's, passed as ?chosen=) when a
// translation serves it, otherwise the best match for the browser's
// Accept-Language as the SDK's LanguageSet matches it, otherwise English.
// It needs no session: the sign-in page asks too.
func (a *App) pageLanguage(w http.ResponseWriter, r *http.Request) error {
	m, _ := a.pageLangs.MatchAll() // the default, with Confidence No
	if chosen := r.URL.Query().Get("chosen"); chosen != "" {
		if c, err := a.pageLangs.Match(chosen); err == nil && c.Confidence != language.No {
			m = c
		}
	}
	if m.Confidence == language.No {
		// A header the SDK refuses (malformed, too long) leaves the default.
		if c, err := a.pageLangs.MatchAcceptLanguage(r.Header.Get("Accept-Language")); err == nil && c.Confidence != language.No {
			m = c
		}
	}
	writeJSON(w, http.StatusOK, map[string]string{"language": m.Tag})
	return nil
}
