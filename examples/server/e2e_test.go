package main

import (
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/profile"
)

// The browser tests drive the page in headless Chromium. They skip when no
// browser is installed (Debian: apt-get install -y chromium), or when
// PROFILEKIT_CHROME names none. PROFILEKIT_SCREENSHOTS names a directory
// for the screenshots of every tab (default: the test's temporary
// directory).

// browserPath finds Chromium, or skips the test.
func browserPath(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("PROFILEKIT_CHROME"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium found: install it (apt-get install -y chromium) or set PROFILEKIT_CHROME to run the browser tests")
	return ""
}

// e2eAgents are the agents the browser tests use, one per test, so that
// no test sees another's changes.
var e2eAgents = []map[string]string{
	{"username": "edith", "name": "Edith Clarke", "public_name": "Edith", "language": "en-GB"},
	{"username": "frank", "name": "Frank Oppenheimer", "public_name": "Frank", "language": "en-GB"},
	{"username": "gina", "name": "Gina Bianchi", "public_name": "Gina", "language": "en-GB"},
	{"username": "hana", "name": "Hana Kimura", "public_name": "Hana", "language": "en-GB"},
	{"username": "ivan", "name": "Ivan Petrov", "public_name": "Ivan", "language": "en-GB"},
	{"username": "jonas", "name": "Jonas Becker", "public_name": "Jonas", "language": "de"},
	{"username": "kira", "name": "Kira Nowak", "public_name": "Kira", "language": "en-GB"},
	{"username": "ada2", "name": "Ada Lovelace", "public_name": "Ada", "language": "en-GB", "business_unit": "Support", "mobile": "07400 123456", "landline": "020 7946 0018"},
	// An agent whose language the page has no translation for.
	{"username": "paulo", "name": "Paulo Souza", "public_name": "Paulo", "language": "pt"},
	// Administrators in each language of the accessibility tests.
	{"username": "olive", "name": "Olive Harris", "public_name": "Olive", "language": "en-GB", "role": "admin"},
	{"username": "otto", "name": "Otto Weber", "public_name": "Otto", "language": "de", "role": "admin"},
	// Agents of the keyboard walk, in English and in Arabic.
	{"username": "wanda", "name": "Wanda Lee", "public_name": "Wanda", "language": "en-GB", "role": "admin"},
	{"username": "walid", "name": "وليد حداد", "public_name": "وليد", "language": "ar", "role": "admin"},
	{"username": "omar", "name": "عمر الفاروق", "public_name": "عمر", "language": "ar", "role": "admin"},
}

// e2ePassword is every browser-test agent's first password.
const e2ePassword = "velvet orbit lantern quarry"

// pageProbe runs before the page's own scripts and records every script
// error and CSP violation, so that a test can say none happened.
const pageProbe = `window.__problems = [];
addEventListener('error', (e) => window.__problems.push('error: ' + e.message));
addEventListener('unhandledrejection', (e) => window.__problems.push('rejection: ' + e.reason));
addEventListener('securitypolicyviolation', (e) => window.__problems.push('csp: ' + e.violatedDirective + ' ' + e.blockedURI));`

func TestBrowser(t *testing.T) {
	e, b := startBrowser(t)

	t.Run("screenshots", func(t *testing.T) {
		tab := b.open(t, "ada2", e2ePassword)
		tab.click("#menu-button")
		tab.click("#menu-busy")
		tab.waitJS(`!document.getElementById('busy-badge').hidden && !document.getElementById('user-menu').hidden`)
		tab.screenshot(filepath.Join(b.shots, "menu-desktop.png"))
		tab.click("#menu-profile")
		tab.click("#tab-settings")
		tab.click("#f-capitalize")
		tab.waitText("settings-status", "Your settings are saved.")
		for _, w := range []struct {
			name          string
			width, height int64
		}{{"desktop", 1280, 900}, {"mobile", 360, 740}} {
			tab.do(chromedp.EmulateViewport(w.width, w.height))
			for _, name := range []string{"general", "password", "notifications", "settings"} {
				tab.click("#tab-" + name)
				tab.waitJS(fmt.Sprintf(`!document.getElementById('panel-%s').hidden`, name))
				if name == "settings" {
					tab.setField("compose-text", "thanks for waiting, I am looking into it now.")
					tab.waitJS(`document.getElementById('compose-out').textContent !== ''`)
				}
				tab.js(`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`)
				assert.Equal(t, "true", tab.js(`String(document.documentElement.scrollWidth <= window.innerWidth)`),
					"%s at %d px scrolls sideways", name, w.width)
				tab.screenshot(filepath.Join(b.shots, fmt.Sprintf("%s-%s.png", name, w.name)))
			}
		}
		adm := b.open(t, "admin", e.creds["admin"])
		adm.do(chromedp.EmulateViewport(1280, 900))
		adm.click("#menu-button")
		adm.click("#menu-admin")
		adm.waitJS(`document.querySelectorAll('#admin-table tbody tr').length >= 3`)
		adm.js(`document.activeElement && document.activeElement.blur(); ''`)
		adm.screenshot(filepath.Join(b.shots, "admin-desktop.png"))
		t.Logf("screenshots in %s", b.shots)
	})

	t.Run("admin creates an agent and sets its business unit", func(t *testing.T) {
		tab := b.open(t, "admin", e.creds["admin"])
		tab.click("#menu-button")
		tab.click("#menu-admin")
		tab.waitJS(`!document.getElementById('admin-view').hidden && document.querySelectorAll('#admin-table tbody tr').length >= 3`)
		tab.setField("a-username", "kim")
		tab.setField("a-name", "Kim Nguyen")
		tab.setField("a-public_name", "Kim")
		tab.setField("a-password", "amber falcon pebble wharf")
		tab.click("#admin-create button[type=submit]")
		tab.waitText("admin-status", "kim was created.")
		row := `[...document.querySelectorAll('#admin-table tbody tr')].find((r) => r.cells[1].querySelector('input').value === 'kim')`
		tab.waitJS(row)
		tab.js(`(() => { const r = ` + row + `; const i = r.cells[3].querySelector('input'); i.value = 'Billing'; r.querySelector('button').click(); return ''; })()`)
		tab.waitText("admin-row-status", "kim is saved.")
		tab.setField("a-username", "lee")
		tab.setField("a-name", "Lee Park")
		tab.setField("a-public_name", "Lee")
		tab.setField("a-password", "qzx vlk w") // short, and on no blocklist
		tab.click("#admin-create button[type=submit]")
		tab.waitText("aerr-password", "must have at least 15 characters")
		tab.reload()
		tab.waitJS(row + ` && (` + row + `).cells[3].querySelector('input').value === 'Billing'`)
		tab.noProblems()
	})

	t.Run("sign in, save General, see it after reload", func(t *testing.T) {
		tab := b.open(t, "edith", e2ePassword)
		tab.waitJS(`document.getElementById('header-name').textContent === 'Edith Clarke'`)
		tab.setField("f-name", "Edith Clarke-Jones")
		tab.setField("f-public_name", "Edie")
		tab.setField("f-mobile", "07400 123456")
		tab.js(`(() => { const s = document.getElementById('f-language'); s.value = 'fr'; s.dispatchEvent(new Event('change', {bubbles: true})); return s.value; })()`)
		tab.click("#general-form button[type=submit]")
		tab.waitText("general-status", "Your profile is saved.")
		tab.reload()
		tab.waitJS(`document.getElementById('f-name').value === 'Edith Clarke-Jones'`)
		assert.Equal(t, "Edie", tab.js(`document.getElementById('f-public_name').value`))
		assert.Equal(t, "fr", tab.js(`document.getElementById('f-language').value`))
		assert.Equal(t, "07400 123456", tab.js(`document.getElementById('f-mobile').value`))
		assert.Equal(t, "+44 7400 123456", tab.js(`document.getElementById('f-mobile').title`), "the international form on hover")
		assert.Equal(t, "Edith Clarke-Jones", tab.js(`document.getElementById('header-name').textContent`))
		tab.noProblems()
	})

	t.Run("invalid mobile shows its error beside the field and saves nothing", func(t *testing.T) {
		tab := b.open(t, "edith", e2ePassword)
		tab.waitJS(`document.getElementById('f-name').value !== ''`)
		before := tab.js(`document.getElementById('f-name').value`)
		tab.setField("f-name", "Someone Else")
		tab.setField("f-mobile", "020 7946 0018")
		tab.click("#general-form button[type=submit]")
		tab.waitText("err-mobile", "is a fixed-line number, not a mobile number")
		assert.Equal(t, "true", tab.js(`String(document.getElementById('f-mobile').getAttribute('aria-invalid'))`))
		assert.Equal(t, "", tab.js(`document.getElementById('err-name').textContent`))
		tab.reload()
		tab.waitJS(`document.getElementById('f-name').value !== ''`)
		assert.Equal(t, before, tab.js(`document.getElementById('f-name').value`), "nothing was saved")
		assert.Equal(t, "07400 123456", tab.js(`document.getElementById('f-mobile').value`))
		tab.noProblems()
	})

	t.Run("a conflicting save offers to reload", func(t *testing.T) {
		one := b.open(t, "edith", e2ePassword)
		two := one.sibling(t)
		two.waitJS(`!document.getElementById('app').hidden && document.getElementById('f-name').value !== ''`)
		two.setField("f-public_name", "Edie from tab two")
		one.setField("f-public_name", "Edie from tab one")
		one.click("#general-form button[type=submit]")
		one.waitText("general-status", "Your profile is saved.")
		two.waitJS(`!document.getElementById('general-conflict').hidden`)
		two.js(`document.getElementById('general-conflict').hidden = true; ''`)
		two.click("#general-form button[type=submit]")
		two.waitJS(`!document.getElementById('general-conflict').hidden`)
		assert.Equal(t, "", two.js(`document.getElementById('general-status').textContent`), "the stale save was refused")
		two.js(`document.getElementById('general-reload').click(); ''`)
		two.waitJS(`document.getElementById('general-conflict').hidden && document.getElementById('f-public_name').value === 'Edie from tab one'`)
		one.noProblems()
		two.noProblems()
	})

	t.Run("upload a photo and see it in the header", func(t *testing.T) {
		tab := b.open(t, "edith", e2ePassword)
		before := tab.js(`document.getElementById('header-photo').getAttribute('src')`)
		file := filepath.Join(t.TempDir(), "photo.png")
		writeTestPNG(t, file)
		tab.do(chromedp.SetUploadFiles(chromedp.CSS("#photo-file"), []string{file}))
		tab.waitJS(`!document.getElementById('photo-preview-box').hidden && !document.getElementById('photo-upload').disabled`)
		tab.click("#photo-upload")
		tab.waitText("general-status", "Your new photo is saved.")
		tab.waitJS(`(() => { const i = document.getElementById('header-photo'); return i.complete && i.naturalWidth > 0; })()`)
		after := tab.js(`document.getElementById('header-photo').getAttribute('src')`)
		assert.NotEqual(t, before, after, "the header shows the new photo's URL")
		// The served avatar is the uploaded image: mostly red, not the
		// default avatar of initials.
		red := tab.js(`(() => { const i = document.getElementById('header-photo'); const c = document.createElement('canvas');
			c.width = 8; c.height = 8; const g = c.getContext('2d'); g.drawImage(i, 0, 0, 8, 8);
			const d = g.getImageData(4, 4, 1, 1).data; return String(d[0] > 180 && d[1] < 80 && d[2] < 80); })()`)
		assert.Equal(t, "true", red, "the header photo shows the uploaded image")

		tab.click("#photo-remove")
		tab.waitText("general-status", "Your photo was removed.")
		tab.waitJS(`(() => { const i = document.getElementById('header-photo'); return i.getAttribute('src') !== ` + strconv.Quote(after) + ` && i.complete && i.naturalWidth > 0; })()`)
		notRed := tab.js(`(() => { const i = document.getElementById('header-photo'); const c = document.createElement('canvas');
			c.width = 8; c.height = 8; const g = c.getContext('2d'); g.drawImage(i, 0, 0, 8, 8);
			const d = g.getImageData(4, 4, 1, 1).data; return String(!(d[0] > 180 && d[1] < 80 && d[2] < 80)); })()`)
		assert.Equal(t, "true", notRed, "after removal the header shows the default avatar")
		tab.noProblems()
	})

	t.Run("the language search narrows the list", func(t *testing.T) {
		tab := b.open(t, "ada2", e2ePassword)
		tab.waitJS(`document.getElementById('f-language').options.length > 20`)
		all := tab.js(`String(document.getElementById('f-language').options.length)`)
		tab.js(`(() => { const s = document.getElementById('f-language-search'); s.value = 'deutsch'; s.dispatchEvent(new Event('input', {bubbles: true})); return ''; })()`)
		tab.waitJS(`document.getElementById('f-language').options.length < 10`)
		values := tab.js(`[...document.getElementById('f-language').options].map((o) => o.value).join(' ')`)
		assert.Contains(t, strings.Fields(values), "de", "German is found by its own name (of %s options)", all)
		assert.NotContains(t, strings.Fields(values), "fr")
		tab.noProblems()
	})

	t.Run("change password, sign out, sign in with the new one", func(t *testing.T) {
		tab := b.open(t, "frank", e2ePassword)
		tab.click("#tab-password")
		tab.waitJS(`!document.getElementById('panel-password').hidden`)
		const newPassword = "marble teapot glacier sonnet"
		tab.do(chromedp.SendKeys(chromedp.CSS("#f-current_password"), e2ePassword))
		tab.do(chromedp.SendKeys(chromedp.CSS("#f-new_password"), "short one"))
		tab.waitText("pw-hint", "9 characters: 6 more needed.")
		tab.do(chromedp.SendKeys(chromedp.CSS("#f-new_password"), "x"))
		tab.waitText("pw-hint", "10 characters: 5 more needed.")
		assert.NotContains(t, e.log.String(), `"path":"/api/password"`, "the hint is computed in the browser; nothing is sent before submit")
		tab.setField("f-new_password", newPassword)
		tab.do(chromedp.SendKeys(chromedp.CSS("#f-repeat_password"), newPassword))
		tab.waitText("pw-match", "The passwords match.")
		tab.click("#password-form button[type=submit]")
		tab.waitText("password-status", "Your password is changed. Your other sessions were signed out.")
		tab.click("#menu-button")
		tab.click("#menu-signout")
		tab.waitJS(`!document.getElementById('signin').hidden`)
		tab.signIn("frank", e2ePassword)
		tab.waitText("signin-error", "the username or the password is wrong")
		tab.signIn("frank", newPassword)
		tab.waitJS(`!document.getElementById('app').hidden && document.getElementById('header-name').textContent === 'Frank Oppenheimer'`)
		tab.noProblems()
	})

	t.Run("a common password is refused on the Change password tab", func(t *testing.T) {
		tab := b.open(t, "kira", e2ePassword)
		tab.click("#tab-password")
		tab.waitJS(`!document.getElementById('panel-password').hidden`)
		const common = "Password1234567"
		tab.do(chromedp.SendKeys(chromedp.CSS("#f-current_password"), e2ePassword))
		tab.setField("f-new_password", common)
		tab.do(chromedp.SendKeys(chromedp.CSS("#f-repeat_password"), common))
		tab.waitText("pw-match", "The passwords match.")
		tab.click("#password-form button[type=submit]")
		tab.waitText("err-new_password", "is too common or has appeared in a data breach")
		assert.NotContains(t, tab.js(`document.getElementById('password-status').textContent`), "Your password is changed")
		tab.noProblems()
	})

	t.Run("Busy in one tab shows in another without reload", func(t *testing.T) {
		one := b.open(t, "gina", e2ePassword)
		two := one.sibling(t)
		two.waitJS(`!document.getElementById('app').hidden`)
		two.js(`window.__sameDocument = 'yes'`)
		assert.Equal(t, "true", two.js(`String(document.getElementById('busy-badge').hidden)`))
		one.click("#menu-button")
		one.waitJS(`!document.getElementById('user-menu').hidden`)
		one.click("#menu-busy")
		one.waitJS(`!document.getElementById('busy-badge').hidden`)
		two.waitJS(`!document.getElementById('busy-badge').hidden`)
		assert.Equal(t, "Busy", two.js(`document.getElementById('busy-badge').textContent`))
		assert.Equal(t, "true", two.js(`document.getElementById('menu-busy').getAttribute('aria-checked')`))
		one.click("#menu-busy")
		two.waitJS(`document.getElementById('busy-badge').hidden`)
		assert.Equal(t, "yes", two.js(`window.__sameDocument`), "the second tab was not reloaded")
		// A profile saved in one tab reaches the other through the stream.
		one.setField("f-name", "Gina B. Bianchi")
		one.click("#general-form button[type=submit]")
		one.waitText("general-status", "Your profile is saved.")
		two.waitJS(`document.getElementById('header-name').textContent === 'Gina B. Bianchi'`)
		// So do notification preferences.
		one.click("#tab-notifications")
		one.waitJS(`document.getElementById('n-new_message-volume') !== null`)
		one.setField("n-new_message-volume", "35")
		one.setField("n-new_message-sound", "chime")
		one.click("#notify-form button[type=submit]")
		one.waitText("notify-status", "Your notification preferences are saved.")
		two.waitJS(`document.getElementById('n-new_message-volume').value === '35' && document.getElementById('n-new_message-sound').value === 'chime'`)
		one.noProblems()
		two.noProblems()
	})

	t.Run("hostile public name is shown as text and runs nothing", func(t *testing.T) {
		tab := b.open(t, "hana", e2ePassword)
		const img = `<img src=x onerror=window.pwned=1>`
		const script = `<script>window.pwned=2</script>`
		tab.setField("f-name", script)
		tab.setField("f-public_name", img)
		tab.click("#general-form button[type=submit]")
		tab.waitText("general-status", "Your profile is saved.")
		tab.reload()
		tab.waitJS(`document.getElementById('header-name').textContent !== ''`)
		assert.Equal(t, script, tab.js(`document.getElementById('header-name').textContent`))
		assert.Equal(t, img, tab.js(`document.getElementById('f-public_name').value`))
		assert.Equal(t, "0", tab.js(`String(document.querySelectorAll('header img:not(#header-photo), header script, main img[src="x"]').length)`))
		assert.Equal(t, "undefined", tab.js(`typeof window.pwned`))
		tab.noProblems()
	})

	t.Run("right-to-left public name", func(t *testing.T) {
		tab := b.open(t, "hana", e2ePassword)
		tab.setField("f-name", "Hana Kimura")
		tab.setField("f-public_name", "هنا كيمورا")
		tab.click("#general-form button[type=submit]")
		tab.waitText("general-status", "Your profile is saved.")
		assert.Equal(t, "rtl", tab.js(`getComputedStyle(document.getElementById('f-public_name')).direction`),
			"dir=auto lays Arabic text out right to left")
		assert.Equal(t, "ltr", tab.js(`getComputedStyle(document.getElementById('f-name')).direction`))
		tab.do(chromedp.EmulateViewport(360, 740))
		tab.click("#tab-settings")
		tab.setField("compose-text", "مرحبا، كيف يمكنني مساعدتك؟")
		tab.waitJS(`document.getElementById('compose-out').textContent !== ''`)
		assert.Equal(t, "rtl", tab.js(`getComputedStyle(document.getElementById('compose-sender')).direction`))
		tab.js(`document.activeElement.blur(); window.scrollTo(0, 0); ''`)
		tab.screenshot(filepath.Join(b.shots, "settings-rtl-mobile.png"))
	})

	t.Run("Capitalize changes the message box", func(t *testing.T) {
		tab := b.open(t, "ivan", e2ePassword)
		tab.click("#tab-settings")
		tab.waitJS(`!document.getElementById('panel-settings').hidden`)
		tab.do(chromedp.SendKeys(chromedp.CSS("#compose-text"), "hello there"))
		tab.waitText("compose-out", "hello there")
		tab.click("#f-capitalize")
		tab.waitText("settings-status", "Your settings are saved.")
		tab.waitText("compose-out", "Hello there")
		tab.click("#f-capitalize")
		tab.waitText("compose-out", "hello there")
		tab.noProblems()
	})

	t.Run("a German agent sees German field errors", func(t *testing.T) {
		tab := b.open(t, "jonas", e2ePassword)
		tab.waitText("tab-general", "Allgemein")
		tab.setField("f-mobile", "020 7946 0018")
		tab.setField("f-name", "")
		tab.setField("f-public_name", strings.Repeat("x", profile.MaxNameLength+1))
		tab.click("#general-form button[type=submit]")
		tab.waitText("err-mobile", "ist eine Festnetznummer, keine Mobilnummer")
		tab.waitText("err-name", "ist erforderlich")
		// The numbers come from the error's params, written the German way.
		tab.waitText("err-public_name", "darf höchstens 64 Zeichen (1.024 Bytes) lang sein")
		tab.js(`window.scrollTo(0, 0); ''`)
		tab.screenshot(filepath.Join(b.shots, "general-errors-de-desktop.png"))
		tab.noProblems()
	})

	t.Run("keyboard: tabs, menu and Busy without a mouse", func(t *testing.T) {
		tab := b.open(t, "ivan", e2ePassword)
		tab.do(chromedp.Focus(chromedp.CSS("#tab-general")))
		tab.do(chromedp.KeyEvent(kb.ArrowRight))
		tab.waitJS(`document.activeElement.id === 'tab-password' && !document.getElementById('panel-password').hidden`)
		tab.do(chromedp.KeyEvent(kb.End))
		tab.waitJS(`document.activeElement.id === 'tab-settings' && !document.getElementById('panel-settings').hidden`)
		tab.do(chromedp.Focus(chromedp.CSS("#menu-button")))
		tab.do(chromedp.KeyEvent(kb.ArrowDown))
		tab.waitJS(`!document.getElementById('user-menu').hidden && document.activeElement.id === 'menu-profile'`)
		tab.do(chromedp.KeyEvent(kb.ArrowDown))
		tab.waitJS(`document.activeElement.id === 'menu-busy'`)
		tab.do(chromedp.KeyEvent("\r"))
		tab.waitJS(`!document.getElementById('busy-badge').hidden`)
		tab.do(chromedp.KeyEvent("\r"))
		tab.waitJS(`document.getElementById('busy-badge').hidden`)
		tab.do(chromedp.KeyEvent(kb.Escape))
		tab.waitJS(`document.getElementById('user-menu').hidden && document.activeElement.id === 'menu-button'`)
		tab.noProblems()
	})

	t.Run("demo alert reaches the page", func(t *testing.T) {
		tab := b.open(t, "ivan", e2ePassword)
		tab.click("#tab-notifications")
		tab.waitJS(`document.querySelectorAll('#notify-kinds fieldset').length === 2`)
		tab.click("#demo-message")
		tab.waitText("demo-status", "Sent.")
		tab.waitJS(`!document.getElementById('live-message').hidden && document.getElementById('live-message').textContent.includes('Hello, is anyone there?')`)
		tab.noProblems()
	})

	t.Run("alerts", func(t *testing.T) { b.alertTests(t, e) })
}

// startChromium starts headless Chromium at exe for the test; it stops
// when the test ends.
func startChromium(t *testing.T, exe string) context.Context {
	t.Helper()
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe), chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-extensions", true),
		chromedp.Flag("mute-audio", true), chromedp.WindowSize(1280, 900),
	)
	t.Cleanup(cancelAlloc)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelBrowser)
	require.NoError(t, chromedp.Do(browser), "start Chromium at %s", exe)
	return browser
}

// startBrowser starts a server on a fresh SQLite file with the browser
// tests' agents (e2eAgents) and a headless Chromium at 1280x900, or skips
// the test when no Chromium is found.
func startBrowser(t *testing.T) (*testEnv, *e2e) {
	t.Helper()
	exe := browserPath(t)
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	admin := e.client(srv)
	admin.signIn("admin")
	admin.createAgents(e2eAgents)
	shots := os.Getenv("PROFILEKIT_SCREENSHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	require.NoError(t, os.MkdirAll(shots, 0o755))
	browser := startChromium(t, exe)
	return e, &e2e{t: t, browser: browser, base: srv.URL, shots: shots}
}

// e2e is the browser the subtests share.
type e2e struct {
	t       *testing.T
	browser context.Context
	base    string
	shots   string
}

// tab is one browser tab.
type tab struct {
	t   *testing.T
	ctx context.Context
	// scripts run before the page's own, after pageProbe, in this tab and
	// its siblings.
	scripts []string
}

// open signs username in, in a new tab of its own browser context (its
// own cookies).
func (b *e2e) open(t *testing.T, username, password string) *tab {
	t.Helper()
	return b.openWith(t, username, password, nil)
}

// openWith is open, with setup run on the new tab before it loads the
// page (to add scripts or set the browser context's permissions).
func (b *e2e) openWith(t *testing.T, username, password string, setup func(*tab)) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.browser, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	tb := &tab{t: t, ctx: ctx}
	if setup != nil {
		// Create the tab and its browser context (on ctx itself: a
		// timeout on a tab's first call would close the tab).
		require.NoError(t, chromedp.Do(ctx))
		setup(tb)
	}
	tb.start(b.base + "/")
	tb.signIn(username, password)
	tb.waitJS(`!document.getElementById('app').hidden && document.getElementById('header-name').textContent !== ''`)
	return tb
}

// sibling opens the same page in a second tab of the same browser context
// (same cookies: the same agent, signed in).
func (tb *tab) sibling(t *testing.T) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(tb.ctx)
	t.Cleanup(cancel)
	loc, err := chromedp.Run(tb.ctx, chromedp.Location())
	require.NoError(t, err)
	two := &tab{t: t, ctx: ctx, scripts: tb.scripts}
	two.start(loc)
	return two
}

func (tb *tab) start(url string) {
	tb.t.Helper()
	for _, src := range append([]string{pageProbe}, tb.scripts...) {
		_, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: src})
		require.NoError(tb.t, err)
	}
	tb.do(chromedp.Navigate(url))
	tb.waitJS(`document.getElementById('loading').hidden`)
}

func (tb *tab) signIn(username, password string) {
	tb.t.Helper()
	tb.waitJS(`!document.getElementById('signin').hidden`)
	tb.setField("signin-username", username)
	tb.setField("signin-password", password)
	tb.click("#signin-form button[type=submit]")
}

func (tb *tab) do(actions ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.ctx, 20*time.Second)
	defer cancel()
	require.NoError(tb.t, chromedp.Do(ctx, actions...))
}

// js evaluates expr and returns its value as a string.
func (tb *tab) js(expr string) string {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[any](expr))
	require.NoError(tb.t, err, expr)
	if s, ok := v.(string); ok {
		return s
	}
	if v == nil {
		return ""
	}
	return fmt.Sprint(v)
}

// waitJS waits until expr is true.
func (tb *tab) waitJS(expr string) {
	tb.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[any](`Boolean(`+expr+`)`))
		if err == nil && v == true {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("waited 10s for %s (last error %v); problems: %s", expr, err, tb.problems())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitText waits until the element with id has exactly text.
func (tb *tab) waitText(id, text string) {
	tb.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	expr := fmt.Sprintf(`document.getElementById(%s).textContent.trim()`, jsString(id))
	for {
		got, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](expr))
		if err == nil && got == text {
			return
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("#%s: want %q, have %q (error %v); problems: %s", id, text, got, err, tb.problems())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// setField sets an input's value as typing would, firing input and change.
func (tb *tab) setField(id, value string) {
	tb.t.Helper()
	tb.js(fmt.Sprintf(`(() => { const el = document.getElementById(%s); el.focus(); el.value = %s;
		el.dispatchEvent(new Event('input', {bubbles: true})); el.dispatchEvent(new Event('change', {bubbles: true})); return ''; })()`,
		jsString(id), jsString(value)))
}

func (tb *tab) click(sel string) {
	tb.t.Helper()
	tb.do(chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
}

func (tb *tab) reload() {
	tb.t.Helper()
	tb.do(chromedp.Reload())
	tb.waitJS(`document.getElementById('loading').hidden && !document.getElementById('app').hidden`)
}

func (tb *tab) problems() string {
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[string](`JSON.stringify(window.__problems || [])`))
	if err != nil {
		return err.Error()
	}
	return v
}

// noProblems checks that the page raised no script error and broke no
// rule of the CSP.
func (tb *tab) noProblems() {
	tb.t.Helper()
	assert.Equal(tb.t, "[]", tb.problems())
}

func (tb *tab) screenshot(path string) {
	tb.t.Helper()
	time.Sleep(150 * time.Millisecond) // let layout and images settle
	png, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
	require.NoError(tb.t, err)
	require.NoError(tb.t, os.WriteFile(path, png, 0o644))
}

func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// writeTestPNG writes a 300x300 red PNG with a white square in a corner.
func writeTestPNG(t *testing.T, path string) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 300, 300))
	for y := range 300 {
		for x := range 300 {
			c := color.RGBA{R: 220, G: 30, B: 40, A: 255}
			if x < 40 && y < 40 {
				c = color.RGBA{R: 255, G: 255, B: 255, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	f, err := os.Create(path)
	require.NoError(t, err)
	require.NoError(t, png.Encode(f, img))
	require.NoError(t, f.Close())
}
