package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The accessibility tests run axe-core (testdata/axe-core, a test fixture
// under the MPL-2.0) on every view of the page, in English, German and
// Arabic (right to left), at a desktop and a phone width, and walk the
// page with the keyboard alone.

// axeTags are the axe-core rule sets the page is held to: WCAG 2.0, 2.1
// and 2.2 at levels A and AA, colour contrast included.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"}

// axePath is the vendored axe-core build.
var axePath = filepath.Join("testdata", "axe-core", "axe.min.js")

var axeOnce = sync.OnceValues(func() ([]byte, error) { return os.ReadFile(axePath) })

// axeSource returns axe-core's script. A missing file fails the test
// rather than skipping it, so that CI never passes without the audit.
func axeSource(t *testing.T) string {
	t.Helper()
	src, err := axeOnce()
	require.NoError(t, err, "%s is missing: the accessibility tests need it (see testdata/axe-core/README.md to fetch it)", axePath)
	return string(src)
}

// axeViolation is one rule axe-core found broken, with the nodes that
// break it.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target         []any  `json:"target"`
		FailureSummary string `json:"failureSummary"`
	} `json:"nodes"`
}

// String lists the violation: rule, impact, what it asks, and each node's
// selector with axe's summary of what is wrong.
func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		target, _ := json.Marshal(n.Target)
		fmt.Fprintf(&b, "\n    %s: %s", target, strings.ReplaceAll(n.FailureSummary, "\n", " "))
	}
	return b.String()
}

// axe runs axe-core on the page as it is now and returns the violations.
func (tb *tab) axe() []axeViolation {
	tb.t.Helper()
	if tb.js(`typeof window.axe`) != "object" {
		// Runtime.evaluate is not subject to the page's CSP.
		tb.js(axeSource(tb.t) + "\n;''")
	}
	tags, err := json.Marshal(axeTags)
	require.NoError(tb.t, err)
	out, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`axe.run(document, {
		runOnly: {type: 'tag', values: `+string(tags)+`},
		resultTypes: ['violations'],
	}).then((r) => JSON.stringify(r.violations))`, chromedp.EvalAwaitPromise))
	require.NoError(tb.t, err)
	var vs []axeViolation
	require.NoError(tb.t, json.Unmarshal([]byte(out), &vs))
	return vs
}

// noViolations runs axe-core and fails the test with every violation
// found, each with its rule, impact and nodes.
func (tb *tab) noViolations(what string) {
	tb.t.Helper()
	vs := tb.axe()
	if len(vs) == 0 {
		return
	}
	lines := make([]string, len(vs))
	for i, v := range vs {
		lines[i] = "  " + v.String()
	}
	tb.t.Errorf("axe-core: %d violation(s) of WCAG 2.2 AA on %s:\n%s", len(vs), what, strings.Join(lines, "\n"))
}

// setAcceptLanguage makes the tab's browser ask for lang first, in
// navigator.languages and in the Accept-Language header.
func (tb *tab) setAcceptLanguage(lang string) {
	tb.t.Helper()
	v, err := chromedp.CallBrowser(tb.ctx, browser.GetVersion, cdp.Empty{})
	require.NoError(tb.t, err)
	_, err = chromedp.Call(tb.ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: v.UserAgent, AcceptLanguage: lang})
	require.NoError(tb.t, err)
}

// a11yLanguages are the page's languages the audit runs in: an agent of
// each (an administrator, so that Administration is audited too), and
// the language the browser asks for on the sign-in page.
var a11yLanguages = []struct {
	lang, dir, agent string
}{
	{"en", "ltr", "olive"},
	{"de", "ltr", "otto"},
	{"ar", "rtl", "omar"},
}

// a11yWidths are the viewport sizes of the audit: a desktop and a phone.
var a11yWidths = []struct {
	name          string
	width, height int64
}{{"desktop", 1280, 900}, {"mobile", 360, 740}}

func TestAccessibility(t *testing.T) {
	_, b := startBrowser(t)
	t.Run("axe finds what it should", func(t *testing.T) {
		// The harness itself: a missing alt text and grey-on-grey text are
		// reported, with their nodes.
		tb := b.open(t, "olive", e2ePassword)
		tb.js(`(() => { const m = document.getElementById('profile-title');
			m.insertAdjacentHTML('afterend', '<img id="axe-probe-img" src="data:," width="8" height="8"><p id="axe-probe-text">faint</p>');
			const p = document.getElementById('axe-probe-text'); p.style.color = '#aaa'; p.style.background = '#bbb'; return ''; })()`)
		var ids []string
		for _, v := range tb.axe() {
			ids = append(ids, v.ID)
			assert.NotEmpty(t, v.Impact, v.ID)
			require.NotEmpty(t, v.Nodes, v.ID)
			assert.NotEmpty(t, v.Nodes[0].Target, v.ID)
		}
		assert.Contains(t, ids, "image-alt")
		assert.Contains(t, ids, "color-contrast")
	})
	for _, l := range a11yLanguages {
		for _, w := range a11yWidths {
			t.Run(l.lang+"-"+w.name, func(t *testing.T) {
				b.audit(t, l.lang, l.dir, l.agent, w.width, w.height)
			})
		}
	}
}

// audit runs axe-core on every view of the page in one language at one
// viewport size: the sign-in page (empty and with an error), each tab of
// My profile, the open menu with Busy on, field errors, and
// Administration.
func (b *e2e) audit(t *testing.T, lang, dir, agent string, width, height int64) {
	ctx, cancel := chromedp.NewContext(b.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx}
	tb.start(b.base + "/")
	tb.do(chromedp.EmulateViewport(width, height))
	tb.setAcceptLanguage(lang)
	tb.do(chromedp.Reload())
	tb.waitJS(`document.getElementById('loading').hidden`)

	tb.waitJS(`!document.getElementById('signin').hidden`)
	tb.waitJS(fmt.Sprintf(`document.documentElement.lang === %s && document.documentElement.dir === %s`, jsString(lang), jsString(dir)))
	tb.noViolations("the sign-in page")
	tb.signIn(agent, "wrong password, surely")
	tb.waitJS(`document.getElementById('signin-error').textContent !== ''`)
	tb.noViolations("the sign-in page with an error")

	tb.signIn(agent, e2ePassword)
	tb.waitJS(`!document.getElementById('app').hidden && document.getElementById('header-name').textContent !== ''`)
	tb.waitJS(fmt.Sprintf(`document.documentElement.lang === %s && document.documentElement.dir === %s`, jsString(lang), jsString(dir)))
	tb.waitJS(`document.getElementById('f-language').options.length > 20`)
	tb.noViolations("General")
	b.shot(tb, lang, "general", width)

	tb.setField("f-mobile", "020 7946 0018")
	tb.setField("f-public_name", "")
	tb.click("#general-form button[type=submit]")
	tb.waitJS(`document.getElementById('err-mobile').textContent !== ''`)
	tb.noViolations("General with field errors")
	tb.reload()

	for _, name := range []string{"password", "notifications", "settings"} {
		tb.click("#tab-" + name)
		tb.waitJS(fmt.Sprintf(`!document.getElementById('panel-%s').hidden`, name))
		switch name {
		case "password":
			tb.setField("f-new_password", "short")
			tb.setField("f-repeat_password", "shorter")
			tb.waitJS(`document.getElementById('pw-match').textContent !== ''`)
		case "notifications":
			tb.waitJS(`document.querySelectorAll('#notify-kinds fieldset').length === 2`)
		case "settings":
			// A chat message in several scripts (Bengali, Chinese, Japanese,
			// Korean: the screenshots show whether the fonts have them).
			tb.setField("compose-text", "thanks for waiting! ধন্যবাদ · 谢谢 · ありがとう · 감사합니다")
			tb.waitJS(`document.getElementById('compose-out').textContent !== ''`)
		}
		tb.noViolations("the tab " + name)
		if name == "settings" {
			b.shot(tb, lang, name, width)
		}
	}

	tb.click("#menu-button")
	tb.click("#menu-busy")
	tb.waitJS(`!document.getElementById('busy-badge').hidden && !document.getElementById('user-menu').hidden`)
	tb.noViolations("the open menu, Busy on")
	if width < 800 {
		b.shot(tb, lang, "menu", width)
	}
	tb.click("#menu-busy")
	tb.waitJS(`document.getElementById('busy-badge').hidden`)

	tb.click("#menu-admin")
	tb.waitJS(`!document.getElementById('admin-view').hidden && document.querySelectorAll('#admin-table tbody tr').length >= 3`)
	tb.noViolations("Administration")
	tb.click("#admin-create button[type=submit]")
	tb.waitJS(`document.querySelector('#admin-create [aria-invalid=true]') !== null`)
	tb.noViolations("Administration with field errors")
	tb.noProblems()
	assert.Equal(t, "[]", tb.js(`JSON.stringify(document.documentElement.scrollWidth <= innerWidth ? [] :
		[...document.querySelectorAll('body *')].filter((el) => el.getBoundingClientRect().right > innerWidth + 1).map((el) => el.id || el.tagName))`), "the page scrolls sideways")
}

// shot saves a screenshot of the view in German or Arabic as
// <view>-<lang>-<desktop|mobile>.png (English ones are TestBrowser's).
func (b *e2e) shot(tb *tab, lang, view string, width int64) {
	tb.t.Helper()
	if lang == "en" {
		return
	}
	size := "desktop"
	if width < 800 {
		size = "mobile"
	}
	tb.js(`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0); ''`)
	// FullScreenshot clips from the left edge of the document, which a
	// right-to-left page does not start at: the viewport is made as tall
	// as the page instead, and captured.
	var h int64
	_, err := fmt.Sscan(tb.js(`String(document.documentElement.scrollHeight)`), &h)
	require.NoError(tb.t, err)
	vh := int64(900)
	if size == "mobile" {
		vh = 740
	}
	tb.do(chromedp.EmulateViewport(width, max(h, vh)))
	time.Sleep(150 * time.Millisecond) // let layout and images settle
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	require.NoError(tb.t, err)
	require.NoError(tb.t, os.WriteFile(filepath.Join(b.shots, fmt.Sprintf("%s-%s-%s.png", view, lang, size)), png, 0o644))
	tb.do(chromedp.EmulateViewport(width, vh))
}

// focusProbe describes the focused element after a key press: a name
// for it, whether the browser treats the focus as visible (:focus-visible)
// with a ring drawn (an outline of at least 2 px, or a box shadow), the
// contrast of the ring's colour against what surrounds it, and whether
// the element is in the viewport and not covered by anything else.
const focusProbe = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body) return JSON.stringify({name: 'body'});
	const name = el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.getAttribute('aria-label') ? '[' + el.getAttribute('aria-label') + ']' : '');
	const cs = getComputedStyle(el);
	const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2;
	const shadow = cs.boxShadow && cs.boxShadow !== 'none';
	const rgb = (c) => (c.match(/[\d.]+/g) || []).map(Number);
	const lum = ([r, g, b]) => {
		const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
		return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
	};
	// What surrounds the ring: the element just above it (below it at
	// the top of the viewport), with its own background or its nearest
	// ancestor's.
	const r = el.getBoundingClientRect();
	const px = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
	const py = r.top - 6 >= 0 ? r.top - 6 : Math.min(r.bottom + 6, innerHeight - 1);
	let bgEl = document.elementsFromPoint(px, py).find((e) => e !== el && !el.contains(e)) || el.parentElement, bg = 'rgb(255, 255, 255)';
	while (bgEl) {
		const c = getComputedStyle(bgEl).backgroundColor;
		const v = rgb(c);
		if (v.length >= 3 && (v.length < 4 || v[3] > 0)) { bg = c; break; }
		bgEl = bgEl.parentElement;
	}
	const ring = outline ? cs.outlineColor : bg;
	const [a, b] = [lum(rgb(ring)), lum(rgb(bg))];
	const contrast = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
	const inView = r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
	let covered = false;
	if (inView) {
		const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1);
		const y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
		const top = document.elementFromPoint(x, y);
		covered = !!top && top !== el && !el.contains(top) && !(el.labels && [...el.labels].some((l) => l.contains(top)));
	}
	return JSON.stringify({name, visible: el.matches(':focus-visible') && (outline || shadow), contrast, inView, covered});
})()`

// tabbables lists, in document order, the elements of the page Tab must
// reach: shown, enabled, and focusable without a negative tabindex. It
// keeps them in window.__tabbables.
const tabbables = `JSON.stringify((window.__tabbables = [...document.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter((el) => {
	if (el.disabled || el.tabIndex < 0 || el.type === 'hidden') return false;
	if (el.closest('[hidden], template')) return false;
	const r = el.getBoundingClientRect(), cs = getComputedStyle(el);
	return cs.visibility !== 'hidden' && cs.display !== 'none' && (r.width > 0 || r.height > 0 || el.classList.contains('skip'));
})).map((el) => el.id ? '#' + el.id : el.tagName.toLowerCase() + (el.getAttribute('aria-label') ? '[' + el.getAttribute('aria-label') + ']' : '')))`

// focusStop is what focusProbe reports.
type focusStop struct {
	Name     string  `json:"name"`
	Visible  bool    `json:"visible"`
	Contrast float64 `json:"contrast"`
	InView   bool    `json:"inView"`
	Covered  bool    `json:"covered"`
}

// key presses one key as a keyboard does (keydown, char, keyup).
func (tb *tab) key(k string) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(k))
}

// focused returns what focusProbe reports on the focused element.
func (tb *tab) focused() focusStop {
	tb.t.Helper()
	var f focusStop
	require.NoError(tb.t, json.Unmarshal([]byte(tb.js(focusProbe)), &f))
	return f
}

// walk presses Tab from the top of the page through every element Tab
// reaches, and checks that each shows a visible focus ring of at least
// 3:1 against its surroundings, is scrolled into view and not covered,
// and that the order is the document's order of every element that can
// take focus, each once: nothing skipped, nothing out of order, no
// positive tabindex.
func (tb *tab) walk(what string) {
	tb.t.Helper()
	tb.js(`window.scrollTo(0, 0); ''`)
	assert.Equal(tb.t, "0", tb.js(`String([...document.querySelectorAll('[tabindex]')].filter((el) => el.tabIndex > 0).length)`),
		"%s: an element has a positive tabindex", what)
	var want []string
	require.NoError(tb.t, json.Unmarshal([]byte(tb.js(tabbables)), &want))
	require.NotEmpty(tb.t, want)
	// The walk starts on the first stop (the skip link when signed in).
	tb.js(`window.__tabbables[0].focus(); ''`)
	var got []string
	for i := range want {
		if i > 0 {
			tb.key(kb.Tab)
		}
		f := tb.focused()
		got = append(got, f.Name)
		assert.True(tb.t, f.Visible, "%s: %s has no visible focus ring", what, f.Name)
		assert.GreaterOrEqual(tb.t, f.Contrast, 3.0, "%s: the focus ring of %s has too little contrast", what, f.Name)
		assert.True(tb.t, f.InView, "%s: %s is focused out of view", what, f.Name)
		assert.False(tb.t, f.Covered, "%s: %s is focused but covered", what, f.Name)
	}
	assert.Equal(tb.t, want, got, "%s: the Tab order is not the document's order of focusable elements", what)
}

// TestKeyboard walks the page with the keyboard alone, in English and
// right to left, at both widths: sign in, every tab's Tab order and focus
// rings, the tabs by arrow keys, the menu and its Busy toggle, the skip
// link, the language list (filtered, chosen with arrows and saved), and
// Administration.
func TestKeyboard(t *testing.T) {
	_, b := startBrowser(t)
	for _, c := range []struct{ lang, agent, other string }{{"en", "wanda", "Deutsch"}, {"ar", "walid", "English"}} {
		for _, w := range a11yWidths {
			t.Run(c.lang+"-"+w.name, func(t *testing.T) {
				b.keyboard(t, c.agent, c.other, w.width, w.height)
			})
		}
	}
}

func (b *e2e) keyboard(t *testing.T, agent, other string, width, height int64) {
	ctx, cancel := chromedp.NewContext(b.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx}
	tb.start(b.base + "/")
	tb.do(chromedp.EmulateViewport(width, height))

	// Sign in: the username field has focus; Tab to the password, Enter.
	tb.waitJS(`document.activeElement.id === 'signin-username'`)
	tb.walk("the sign-in page")
	tb.js(`document.getElementById('signin-username').focus(); ''`)
	tb.do(chromedp.KeyEvent(agent))
	tb.key(kb.Tab)
	require.Equal(t, "#signin-password", tb.focused().Name)
	tb.do(chromedp.KeyEvent(e2ePassword))
	tb.key(kb.Enter)
	tb.waitJS(`!document.getElementById('app').hidden && document.getElementById('header-name').textContent !== ''`)
	tb.waitJS(`document.getElementById('f-language').options.length > 20 && document.querySelectorAll('#notify-kinds fieldset').length === 2`)
	rtl := tb.js(`document.documentElement.dir`) == "rtl"
	next, prev := kb.ArrowRight, kb.ArrowLeft
	if rtl {
		next, prev = prev, next
	}

	// Signed in, focus is on the content, and Tab goes on from there.
	require.Equal(t, "#main", tb.focused().Name, "after signing in focus is on the content")
	tb.key(kb.Tab)
	require.Equal(t, "#tab-general", tb.focused().Name)
	// The skip link is the first stop and moves focus to the content
	// without changing the tab.
	tb.js(`document.getElementById('tab-settings').click(); document.querySelector('.skip').focus(); ''`)
	assert.True(t, tb.focused().Visible, "the skip link shows when focused")
	tb.key(kb.Enter)
	tb.waitJS(`document.activeElement.id === 'main' && !document.getElementById('panel-settings').hidden`)
	tb.js(`document.getElementById('tab-general').click(); ''`)

	// Every tab: reached by arrow keys from the tab list, then walked.
	for i, name := range []string{"general", "password", "notifications", "settings"} {
		if i > 0 {
			tb.js(`document.getElementById('tab-` + []string{"general", "password", "notifications", "settings"}[i-1] + `').focus(); ''`)
			tb.key(next)
		}
		tb.waitJS(fmt.Sprintf(`!document.getElementById('panel-%s').hidden && document.activeElement.id === 'tab-%s'`, name, name))
		tb.walk("the tab " + name)
	}
	tb.js(`document.getElementById('tab-settings').focus(); ''`)
	tb.key(prev)
	tb.waitJS(`document.activeElement.id === 'tab-notifications' && !document.getElementById('panel-notifications').hidden`)
	tb.key(kb.Home)
	tb.waitJS(`document.activeElement.id === 'tab-general' && !document.getElementById('panel-general').hidden`)

	// The menu: Enter opens it on its first item; Busy toggles with Enter
	// and with Space; Escape closes it and gives focus back.
	tb.js(`document.getElementById('menu-button').focus(); ''`)
	tb.key(kb.Enter)
	tb.waitJS(`!document.getElementById('user-menu').hidden && document.activeElement.id === 'menu-profile'`)
	tb.key(kb.ArrowDown)
	tb.waitJS(`document.activeElement.id === 'menu-busy'`)
	assert.True(t, tb.focused().Visible, "the Busy item shows focus")
	tb.key(kb.Enter)
	tb.waitJS(`!document.getElementById('busy-badge').hidden && document.getElementById('menu-busy').getAttribute('aria-checked') === 'true'`)
	tb.key(" ")
	tb.waitJS(`document.getElementById('busy-badge').hidden && document.getElementById('menu-busy').getAttribute('aria-checked') === 'false'`)
	tb.key(kb.Escape)
	tb.waitJS(`document.getElementById('user-menu').hidden && document.activeElement.id === 'menu-button'`)

	// The language list: type in the search field to filter, ArrowDown
	// into the list, arrows to choose, Enter saves the form.
	tb.js(`document.getElementById('f-language-search').focus(); ''`)
	tb.do(chromedp.KeyEvent(other))
	tb.waitJS(`document.getElementById('f-language').options.length < 10`)
	tb.key(kb.ArrowDown)
	tb.waitJS(`document.activeElement.id === 'f-language'`)
	assert.True(t, tb.focused().Visible, "the language list shows focus")
	want := tb.js(`[...document.getElementById('f-language').options].find((o) => o.textContent.includes(` + jsString(other) + `)).value`)
	tb.key(kb.Home)
	for range 10 {
		if tb.js(`document.getElementById('f-language').value`) == want {
			break
		}
		tb.key(kb.ArrowDown)
	}
	require.Equal(t, want, tb.js(`document.getElementById('f-language').value`), "the arrow keys choose %s", other)
	tb.js(`document.getElementById('general-form').querySelector('button[type=submit]').focus(); ''`)
	tb.key(kb.Enter)
	tb.waitJS(`document.getElementById('general-status').textContent !== '' && document.documentElement.lang === ` + jsString(want[:2]))

	// Administration through the menu, then walked.
	tb.js(`document.getElementById('menu-button').focus(); ''`)
	tb.key(kb.Enter)
	tb.waitJS(`!document.getElementById('user-menu').hidden`)
	tb.key(kb.End)
	tb.key(kb.ArrowUp)
	tb.waitJS(`document.activeElement.id === 'menu-admin'`)
	tb.key(kb.Enter)
	tb.waitJS(`!document.getElementById('admin-view').hidden && document.querySelectorAll('#admin-table tbody tr').length >= 3`)
	tb.walk("Administration")
	tb.noProblems()
}
