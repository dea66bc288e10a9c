package main

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPageLanguage holds GET /api/page-language to its rule: the agent's
// chosen language when a translation serves it, else the browser's
// Accept-Language matched as a browser would (every entry, by q-value),
// else English.
func TestPageLanguage(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	for _, tc := range []struct {
		name, chosen, accept, want string
	}{
		{"no preference", "", "", "en"},
		{"the browser's first language", "", "de-CH, fr;q=0.8, en;q=0.5", "de"},
		{"a later language when the first has no translation", "", "fr-CH, fr;q=0.9, es;q=0.8, en;q=0.5", "es"},
		{"q-values, not the order, rank", "", "en;q=0.2, ar-EG;q=0.9", "ar"},
		{"a language excluded by q=0", "", "de;q=0, es;q=0.5", "es"},
		{"nothing served", "", "pt-BR, ja;q=0.8", "en"},
		{"a malformed header leaves the default", "", "de;q=2;;", "en"},
		{"the agent's choice wins", "en-GB", "de-DE, de;q=0.9", "en"},
		{"a regional choice finds its language", "de-AT", "es", "de"},
		{"a choice without a translation yields to the browser", "pt", "fr, es;q=0.8", "es"},
		{"a choice that does not parse yields to the browser", "x!", "ar", "ar"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := "/api/page-language"
			if tc.chosen != "" {
				path += "?chosen=" + tc.chosen
			}
			res := c.do(http.MethodGet, path, nil, "Accept-Language", tc.accept)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			assert.Equal(t, tc.want, res.JSON(t)["language"])
		})
	}
}

// TestBrowserPageLanguage shows the page following the browser's
// languages as a whole, not just its first: a French-first browser that
// also reads Spanish gets the Spanish page, signed out and for an agent
// whose own language (Portuguese) has no translation; an agent's own
// language, when translated, wins over the browser's.
func TestBrowserPageLanguage(t *testing.T) {
	_, b := startBrowser(t)
	for _, tc := range []struct {
		agent, want string
	}{{"paulo", "es"}, {"jonas", "de"}} {
		t.Run(tc.agent, func(t *testing.T) {
			ctx, cancel := chromedp.NewContext(b.browser, chromedp.WithNewBrowserContext())
			t.Cleanup(cancel)
			tb := &tab{t: t, ctx: ctx}
			tb.start(b.base + "/")
			tb.setAcceptLanguage("fr-CH,fr,es") // Chromium adds the q-values
			tb.do(chromedp.Reload())
			tb.waitJS(`document.getElementById('loading').hidden && !document.getElementById('signin').hidden`)
			tb.waitJS(`document.documentElement.lang === 'es'`)
			assert.Equal(t, "Iniciar sesión", tb.js(`document.querySelector('#signin h1').textContent`))
			tb.signIn(tc.agent, e2ePassword)
			tb.waitJS(`!document.getElementById('app').hidden && document.getElementById('header-name').textContent !== ''`)
			tb.waitJS(`document.documentElement.lang === ` + jsString(tc.want))
			tb.noProblems()
		})
	}
}
