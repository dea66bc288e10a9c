package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// waitSignedOut waits until the page shows the sign-in form, and checks
// that it holds none of the agent's profile any more.
func waitSignedOut(tb *tab) {
	tb.t.Helper()
	tb.waitJS(`!document.getElementById('signin').hidden && document.getElementById('app').hidden`)
	assert.Equal(tb.t, "||", tb.js(`[document.getElementById('header-name').textContent, document.getElementById('f-name').value,
		document.getElementById('f-public_name').value].join('|')`), "the page forgot the profile")
}

// TestBrowserSignOutClearsOtherTabs: signing out in one tab clears the
// other open tab of the same session at once. The streams' heartbeat is
// set to an hour, so only the session.Revoked event can do it.
func TestBrowserSignOutClearsOtherTabs(t *testing.T) {
	exe := browserPath(t)
	e := newEnv(t, false)
	e.cfg.Heartbeat = time.Hour
	_, srv := e.start(e.cfg)
	b := &e2e{t: t, browser: startChromium(t, exe), base: srv.URL}

	one := b.open(t, "ada", e.creds["ada"])
	two := one.sibling(t)
	two.waitJS(`!document.getElementById('app').hidden && document.getElementById('f-name').value !== ''`)
	waitStream(two)
	start := time.Now()
	one.click("#menu-button")
	one.click("#menu-signout")
	waitSignedOut(two)
	assert.Equal(t, "You were signed out.", two.js(`document.getElementById('signin-notice').textContent`))
	t.Logf("the other tab cleared %v after the click", time.Since(start).Round(time.Millisecond))
	waitSignedOut(one)
	one.noProblems()
	two.noProblems()
}

// TestBrowserPasswordChangeClearsOtherInstance: a password changed
// through instance A ends the agent's other sessions, and the page of
// such a session open on instance B clears at once (the revocation
// travels on the PostgreSQL feed; the streams' heartbeat is an hour).
func TestBrowserPasswordChangeClearsOtherInstance(t *testing.T) {
	exe := browserPath(t)
	e := newEnv(t, true)
	e.cfg.Heartbeat = time.Hour
	_, srvA := e.start(e.cfg)
	cfgB := e.cfg
	cfgB.Instance = "test-b"
	_, srvB := e.start(cfgB)
	b := &e2e{t: t, browser: startChromium(t, exe), base: srvB.URL}

	onB := b.open(t, "ada", e.creds["ada"])
	onB.waitJS(`document.getElementById('f-name').value !== ''`)
	waitStream(onB)

	onA := e.client(srvA)
	onA.signIn("ada")
	next := "orange kites over quiet harbours"
	start := time.Now()
	res := onA.do(http.MethodPost, "/api/password", map[string]string{"current_password": e.creds["ada"], "new_password": next, "repeat_password": next})
	require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
	waitSignedOut(onB)
	assert.Equal(t, "Your password was changed, which ended this session. Sign in with the new password.",
		onB.js(`document.getElementById('signin-notice').textContent`))
	t.Logf("the page on B cleared %v after the change on A", time.Since(start).Round(time.Millisecond))
	onB.noProblems()
}

// waitStream waits until the page's event stream is open.
func waitStream(tb *tab) {
	tb.t.Helper()
	tb.waitJS(`document.documentElement.dataset.live === "open"`)
}

// pageEnv starts one instance on SQLite with an agent per name (password
// e2ePassword, language en-GB) and a browser.
func pageEnv(t *testing.T, names ...string) (*testEnv, *e2e) {
	t.Helper()
	exe := browserPath(t)
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	admin := e.client(srv)
	admin.signIn("admin")
	for _, name := range names {
		res := admin.do(http.MethodPost, "/api/admin/agents", map[string]string{
			"username": name, "name": name + " Example", "public_name": name, "language": "en-GB", "role": "agent", "password": e2ePassword,
		})
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
		e.creds[name] = e2ePassword
	}
	return e, &e2e{t: t, browser: startChromium(t, exe), base: srv.URL}
}

// TestBrowserOwnSaves: the page tells its own saves from others'. A
// Settings save in the same tab, with an unsaved edit on General, shows
// no "changed elsewhere", keeps the edit, and the edit then saves.
func TestBrowserOwnSaves(t *testing.T) {
	_, b := pageEnv(t, "olga")
	tab := b.open(t, "olga", e2ePassword)
	watcher := tab.sibling(t) // a second tab, to know when the save's event went out
	watcher.waitJS(`!document.getElementById('app').hidden`)
	waitStream(tab)
	waitStream(watcher)

	tab.setField("f-public_name", "Olga (unsaved)")
	tab.click("#tab-settings")
	tab.click("#f-capitalize")
	tab.waitText("settings-status", "Your settings are saved.")
	watcher.waitJS(`document.getElementById('f-capitalize').checked`)
	tab.click("#tab-general")
	assert.Equal(t, "true", tab.js(`String(document.getElementById('general-conflict').hidden)`), "no conflict after the page's own save")
	assert.Equal(t, "Olga (unsaved)", tab.js(`document.getElementById('f-public_name').value`), "the unsaved edit is kept")
	tab.click("#general-form button[type=submit]")
	tab.waitText("general-status", "Your profile is saved.")
	assert.Equal(t, "true", tab.js(`String(document.getElementById('general-conflict').hidden)`))
	watcher.waitJS(`document.getElementById('f-public_name').value === 'Olga (unsaved)'`)
	tab.noProblems()
	watcher.noProblems()
}

// TestBrowserPasswordErrors: the Change password form shows every field's
// error at once, a wrong or empty current password included.
func TestBrowserPasswordErrors(t *testing.T) {
	_, b := pageEnv(t, "petra")
	tab := b.open(t, "petra", e2ePassword)
	tab.click("#tab-password")
	tab.setField("f-current_password", "not my password at all")
	tab.setField("f-new_password", "qzx vlk w")
	tab.setField("f-repeat_password", "other")
	tab.click("#password-form button[type=submit]")
	tab.waitText("err-current_password", "is not correct")
	assert.Equal(t, "must have at least 15 characters", tab.js(`document.getElementById('err-new_password').textContent`))
	assert.Equal(t, "does not match the new password", tab.js(`document.getElementById('err-repeat_password').textContent`))
	assert.Equal(t, "f-current_password", tab.js(`document.activeElement.id`), "the first field in error has the focus")

	tab.setField("f-current_password", "")
	tab.click("#password-form button[type=submit]")
	tab.waitText("err-current_password", "is required")
	assert.Equal(t, "must have at least 15 characters", tab.js(`document.getElementById('err-new_password').textContent`))
	assert.Equal(t, "does not match the new password", tab.js(`document.getElementById('err-repeat_password').textContent`))
	assert.Equal(t, "", tab.js(`document.getElementById('password-status').textContent`))
	tab.noProblems()
}

// TestBrowserSmallThings: the small things a person notices on the page.
func TestBrowserSmallThings(t *testing.T) {
	e, b := pageEnv(t, "quinn", "rosa", "sven", "tara", "uwe", "vera")

	t.Run("every seeded language is offered, sorted by name in the page's language", func(t *testing.T) {
		tab := b.open(t, "ada", e.creds["ada"])
		tab.waitJS(`document.getElementById('f-language').options.length > 20`)
		values := tab.js(`[...document.getElementById('f-language').options].map((o) => o.value).join(' ')`)
		assert.Contains(t, strings.Fields(values), "en-GB")
		assert.Contains(t, strings.Fields(values), "en-US")
		assert.Equal(t, "British English", tab.js(`[...document.getElementById('f-language').options].find((o) => o.value === 'en-GB').textContent`))
		// Choose another language, then en-US: it is still offered.
		tab.js(`(() => { const s = document.getElementById('f-language'); s.value = 'en-US'; s.dispatchEvent(new Event('change', {bubbles: true})); return ''; })()`)
		tab.click("#general-form button[type=submit]")
		tab.waitText("general-status", "Your profile is saved.")
		assert.Equal(t, "en-US", tab.js(`document.getElementById('f-language').value`))
		sorted := `(() => { const o = [...document.getElementById('f-language').options].slice(1).map((x) => x.textContent);
			const c = new Intl.Collator(document.documentElement.lang); return String(o.every((x, i) => i === 0 || c.compare(o[i-1], x) <= 0)); })()`
		assert.Equal(t, "true", tab.js(sorted), "sorted by name: %s", tab.js(`[...document.getElementById('f-language').options].map((o) => o.textContent).join(', ')`))

		de := b.open(t, "quinn", e2ePassword)
		chooseLanguage(de, "de")
		de.waitText("tab-general", "Allgemein")
		de.waitJS(`[...document.getElementById('f-language').options].some((o) => o.value === 'fr' && o.textContent.startsWith('Französisch'))`)
		assert.Equal(t, "true", de.js(sorted), "sorted by German name: %s", de.js(`[...document.getElementById('f-language').options].map((o) => o.textContent).join(', ')`))
		tab.noProblems()
		de.noProblems()
	})

	t.Run("the photo size limit is said in MB", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "big.png")
		big := make([]byte, 5<<20+1000)
		copy(big, "\x89PNG\r\n\x1a\n")
		require.NoError(t, os.WriteFile(file, big, 0o644))
		for _, c := range []struct{ user, lang, want string }{{"rosa", "", "is larger than 5 MB"}, {"sven", "de", "ist größer als 5 MB"}} {
			tab := b.open(t, c.user, e2ePassword)
			if c.lang != "" {
				chooseLanguage(tab, c.lang)
				tab.waitText("tab-general", "Allgemein")
			}
			tab.do(chromedp.SetUploadFiles(chromedp.CSS("#photo-file"), []string{file}))
			tab.waitJS(`!document.getElementById('photo-upload').disabled`)
			tab.click("#photo-upload")
			tab.waitText("err-photo", c.want)
			tab.noProblems()
		}
	})

	t.Run("one label for Change password, one message after a change", func(t *testing.T) {
		tab := b.open(t, "tara", e2ePassword)
		tab.click("#tab-password")
		assert.Equal(t, tab.js(`document.getElementById('tab-password').textContent`), tab.js(`document.querySelector('#password-form button[type=submit]').textContent`))
		waitStream(tab)
		next := "copper meadow lantern violin"
		tab.setField("f-current_password", e2ePassword)
		tab.setField("f-new_password", next)
		tab.setField("f-repeat_password", next)
		tab.click("#password-form button[type=submit]")
		tab.waitText("password-status", "Your password is changed. Your other sessions were signed out.")
		// The change's own event comes back on the stream; a Busy toggle
		// after it shows that the stream has delivered it.
		tab.click("#menu-button")
		tab.click("#menu-busy")
		tab.waitJS(`!document.getElementById('busy-badge').hidden`)
		assert.Equal(t, "true", tab.js(`String(document.getElementById('live-message').hidden)`), "no second message: %s", tab.js(`document.getElementById('live-message').textContent`))
		tab.noProblems()
	})

	t.Run("unsaved edits survive a photo upload and then save", func(t *testing.T) {
		tab := b.open(t, "uwe", e2ePassword)
		waitStream(tab)
		tab.setField("f-name", "Uwe Edited")
		file := filepath.Join(t.TempDir(), "photo.png")
		writeTestPNG(t, file)
		tab.do(chromedp.SetUploadFiles(chromedp.CSS("#photo-file"), []string{file}))
		tab.waitJS(`!document.getElementById('photo-upload').disabled`)
		tab.click("#photo-upload")
		tab.waitText("general-status", "Your new photo is saved.")
		assert.Equal(t, "Uwe Edited", tab.js(`document.getElementById('f-name').value`))
		tab.click("#general-form button[type=submit]")
		tab.waitText("general-status", "Your profile is saved.")
		assert.Equal(t, "true", tab.js(`String(document.getElementById('general-conflict').hidden)`), "no conflict after the page's own upload")
		tab.noProblems()
	})

	t.Run("browser notifications ask for permission, and say when they cannot appear", func(t *testing.T) {
		tab := b.open(t, "vera", e2ePassword)
		tab.click("#tab-notifications")
		tab.waitJS(`document.getElementById('n-new_message-browser') !== null`)
		// The browser's answer is played by the test: asked, then denied.
		tab.js(`window.__asked = 0; window.__perm = 'default';
			Object.defineProperty(Notification, 'permission', { configurable: true, get: () => window.__perm });
			Notification.requestPermission = () => { window.__asked++; window.__perm = 'denied'; return Promise.resolve('denied'); }; ''`)
		tab.js(`(() => { const c = document.getElementById('n-new_message-browser'); if (c.checked) c.click(); return ''; })()`)
		tab.click("#n-new_message-browser")
		tab.waitJS(`window.__asked === 1`)
		tab.waitJS(`!document.getElementById('n-new_message-perm-hint').hidden`)
		assert.Contains(t, tab.js(`document.getElementById('n-new_message-perm-hint').textContent`), "blocked")
		tab.noProblems()
	})

	t.Run("Busy with a reason and an end", func(t *testing.T) {
		tab := b.open(t, "vera", e2ePassword)
		tab.click("#tab-settings")
		tab.setField("f-busy-reason", "In a meeting")
		tab.setField("f-busy-for", "1800")
		tab.click("#busy-set")
		tab.waitJS(`!document.getElementById('busy-badge').hidden`)
		tab.waitJS(`document.getElementById('busy-state').textContent.includes('In a meeting')`)
		assert.Contains(t, tab.js(`document.getElementById('busy-badge').title`), "In a meeting")
		api := &client{t: t, e: e, base: b.base, http: &http.Client{Jar: newJar(t), Timeout: 20 * time.Second}}
		api.signIn("vera")
		st := api.do(http.MethodGet, "/api/status", nil).JSON(t)
		assert.Equal(t, "busy", st["status"])
		assert.Equal(t, "In a meeting", st["busy_reason"])
		assert.NotEmpty(t, st["busy_until"])
		tab.click("#busy-clear")
		tab.waitJS(`document.getElementById('busy-badge').hidden`)
		tab.noProblems()
	})
}

// chooseLanguage chooses the language tag on General and saves it.
func chooseLanguage(tb *tab, tag string) {
	tb.t.Helper()
	tb.waitJS(`[...document.getElementById('f-language').options].some((o) => o.value === ` + jsString(tag) + `)`)
	tb.js(`(() => { const s = document.getElementById('f-language'); s.value = ` + jsString(tag) + `; s.dispatchEvent(new Event('change', {bubbles: true})); return ''; })()`)
	tb.click("#general-form button[type=submit]")
}
