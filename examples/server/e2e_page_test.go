package main

import (
	"net/http"
	"testing"
	"time"

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
