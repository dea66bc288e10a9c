package main

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// alertProbe runs before the page's own scripts and records what the page
// plays and shows, without changing it: every sound (a Web Audio gain node
// connected to the output: its volume, and the oscillators feeding it, as
// type and first frequency; or a media element played: its volume and
// source), every Notification constructed and every permission request.
// Autoplay and permissions stay the browser's own; so does focus, unless a
// test sets window.__alerts.unfocused.
const alertProbe = `(() => {
  const rec = window.__alerts = { plays: [], notes: [], requests: 0, unfocused: false };
  if (window.AudioContext) {
    const createOscillator = BaseAudioContext.prototype.createOscillator;
    BaseAudioContext.prototype.createOscillator = function () {
      const o = createOscillator.call(this);
      o.frequency.__osc = o;
      return o;
    };
    const setValueAtTime = AudioParam.prototype.setValueAtTime;
    AudioParam.prototype.setValueAtTime = function (v, t) {
      if (this.__osc && this.__osc.__f === undefined) this.__osc.__f = v;
      return setValueAtTime.call(this, v, t);
    };
    const connect = AudioNode.prototype.connect;
    AudioNode.prototype.connect = function (dest, ...rest) {
      this.__to = dest;
      if (dest instanceof AudioDestinationNode) {
        const play = { state: this.context.state, volume: this instanceof GainNode ? Math.round(this.gain.value * 100) : 100, tones: [] };
        this.__play = play;
        rec.plays.push(play);
      }
      return connect.call(this, dest, ...rest);
    };
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (...args) {
      let n = this;
      while (n && !n.__play) n = n.__to;
      if (n) n.__play.tones.push(this.type + ':' + (this.__f ?? this.frequency.value));
      return start.apply(this, args);
    };
  }
  // An <audio> or <video> element played counts too: its volume, and its
  // source as the tone.
  const mediaPlay = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (...args) {
    rec.plays.push({ state: 'media', volume: Math.round(this.volume * 100), tones: ['media:' + this.currentSrc] });
    return mediaPlay.apply(this, args);
  };
  // Headless Chromium gives every page the focus; unfocused stands in for
  // a window behind another.
  const hasFocus = Document.prototype.hasFocus;
  Document.prototype.hasFocus = function () { return !rec.unfocused && hasFocus.call(this); };
  if (window.Notification) {
    const Real = window.Notification;
    class Recorded extends Real {
      constructor(title, opts) {
        rec.notes.push({ title, body: opts && opts.body, tag: opts && opts.tag, lang: opts && opts.lang });
        super(title, opts);
      }
    }
    Recorded.requestPermission = function (...args) { rec.requests++; return Real.requestPermission(...args); };
    window.Notification = Recorded;
  }
})();`

// soundTones is each sound of the demo catalogue as the probe sees it: the
// distinct oscillator types and first frequencies the page's synthesiser
// uses for it.
var soundTones = map[string]string{
	"chime": "sine:1318.5 sine:880",
	"ding":  "sine:1046.5",
	"bell":  "sine:1318.5 sine:1977 sine:659.3",
	"pop":   "sine:400",
	"ring":  "triangle:440 triangle:480",
	"knock": "square:140",
}

// played is one sound the page played, as alertProbe records it.
type played struct {
	State  string   `json:"state"`
	Volume int      `json:"volume"`
	Tones  []string `json:"tones"`
}

// Sound names the catalogue sound whose tones these are, or the tones.
func (p played) Sound() string {
	tones := slices.Clone(p.Tones)
	slices.Sort(tones)
	sig := strings.Join(slices.Compact(tones), " ")
	for name, s := range soundTones {
		if s == sig {
			return name
		}
	}
	return sig
}

// shown is one Notification the page constructed.
type shown struct {
	Title string `json:"title"`
	Body  string `json:"body"`
	Tag   string `json:"tag"`
	Lang  string `json:"lang"`
}

// createAgents creates agents, each with e2ePassword, as the signed-in
// admin.
func (c *client) createAgents(agents []map[string]string) {
	c.t.Helper()
	for _, a := range agents {
		body := map[string]string{"role": "agent", "password": e2ePassword}
		for k, v := range a {
			body[k] = v
		}
		res := c.do(http.MethodPost, "/api/admin/agents", body)
		require.Equal(c.t, http.StatusCreated, res.Status, string(res.Body))
	}
}

// withAlertProbe is an openWith setup adding alertProbe.
func withAlertProbe(tb *tab) { tb.scripts = append(tb.scripts, alertProbe) }

// withNotifications is an openWith setup adding alertProbe and setting the
// notifications permission of the tab's browser context for the server's
// origin.
func (b *e2e) withNotifications(setting browser.PermissionSetting) func(*tab) {
	return func(tb *tab) {
		withAlertProbe(tb)
		b.setNotifications(tb, setting)
	}
}

// setNotifications sets the notifications permission of tb's browser
// context, as the browser's site settings would.
func (b *e2e) setNotifications(tb *tab, setting browser.PermissionSetting) {
	tb.t.Helper()
	_, err := chromedp.CallBrowser(tb.ctx, browser.SetPermission, browser.SetPermissionParams{
		Permission: &browser.PermissionDescriptor{Name: "notifications"}, Setting: setting,
		Origin: b.base, BrowserContextID: chromedp.FromContext(tb.ctx).BrowserContextID,
	})
	require.NoError(tb.t, err)
}

// plays returns the sounds the page has played so far.
func (tb *tab) plays() []played {
	tb.t.Helper()
	var out []played
	require.NoError(tb.t, json.Unmarshal([]byte(tb.js(`JSON.stringify(window.__alerts.plays)`)), &out))
	return out
}

// notes returns the Notifications the page has constructed so far.
func (tb *tab) notes() []shown {
	tb.t.Helper()
	var out []shown
	require.NoError(tb.t, json.Unmarshal([]byte(tb.js(`JSON.stringify(window.__alerts.notes)`)), &out))
	return out
}

// waitPlays waits until the page has played n sounds and returns them.
func (tb *tab) waitPlays(n int) []played {
	tb.t.Helper()
	tb.waitJS(`window.__alerts.plays.length >= ` + itoa(int64(n)))
	return tb.plays()
}

// demoAlert clicks a demo button and waits for the live message it brings.
func (tb *tab) demoAlert(button, status, live string) {
	tb.t.Helper()
	tb.js(`document.getElementById('live-message').hidden = true; document.getElementById('live-message').textContent = ''; document.getElementById('demo-status').textContent = ''; ''`)
	tb.click(button)
	tb.waitText("demo-status", status)
	if live != "" {
		tb.waitJS(`!document.getElementById('live-message').hidden && document.getElementById('live-message').textContent.includes(` + jsString(live) + `)`)
	}
}

// quiet waits long enough for a sound that is not coming, then says that
// the page played want sounds in all.
func (tb *tab) quiet(want int, msg string) {
	tb.t.Helper()
	time.Sleep(400 * time.Millisecond) // no sound is expected: give a wrong one time to show
	assert.Len(tb.t, tb.plays(), want, msg)
}

// openNotifications shows the Notifications tab.
func (tb *tab) openNotifications() {
	tb.t.Helper()
	tb.click("#tab-notifications")
	tb.waitJS(`document.querySelectorAll('#notify-kinds fieldset').length === 2 && !document.getElementById('panel-notifications').hidden`)
}

// savePrefs saves the Notifications tab and waits for the answer.
func (tb *tab) savePrefs(saved string) {
	tb.t.Helper()
	tb.click("#notify-form button[type=submit]")
	tb.waitText("notify-status", saved)
}

// setChecked sets a checkbox as a click would.
func (tb *tab) setChecked(id string, on bool) {
	tb.t.Helper()
	if (tb.js(`String(document.getElementById(`+jsString(id)+`).checked)`) == "true") != on {
		tb.click("#" + id)
	}
}

// alertTests are the browser tests of alerts: sounds, browser
// notifications, their permission, Busy and the Spanish page.
func (b *e2e) alertTests(t *testing.T, e *testEnv) {
	admin := &client{t: t, e: e, base: b.base, http: &http.Client{Jar: newJar(t), Timeout: 20 * time.Second}}
	admin.signIn("admin")
	admin.createAgents([]map[string]string{
		{"username": "kate", "name": "Kate Sheppard", "public_name": "Kate", "language": "en-GB"},
		{"username": "liam", "name": "Liam Walsh", "public_name": "Liam", "language": "en-GB"},
		{"username": "mira", "name": "Mira Sen", "public_name": "Mira", "language": "en-GB"},
		{"username": "nils", "name": "Nils Berg", "public_name": "Nils", "language": "en-GB"},
		{"username": "olga", "name": "Olga Ivanova", "public_name": "Olga", "language": "en-GB"},
		{"username": "pablo", "name": "Pablo Ruiz", "public_name": "Pablo", "language": "es"},
	})

	t.Run("each kind plays its own sound at its volume", func(t *testing.T) {
		tab := b.openWith(t, "kate", e2ePassword, withAlertProbe)
		tab.openNotifications()
		assert.Equal(t, "ding", tab.js(`document.getElementById('n-new_message-sound').value`))
		assert.Equal(t, "ring", tab.js(`document.getElementById('n-incoming_chat-sound').value`))
		tab.setField("n-new_message-sound", "chime")
		tab.setField("n-new_message-volume", "35")
		tab.waitText("n-new_message-volume-out", "35%")
		tab.savePrefs("Your notification preferences are saved.")

		tab.demoAlert("#demo-message", "Sent.", "New message — Demo customer: Hello, is anyone there?")
		p := tab.waitPlays(1)
		assert.Equal(t, "chime", p[0].Sound(), "a new message plays its chosen sound")
		assert.Equal(t, 35, p[0].Volume, "at its chosen volume")
		assert.Equal(t, "running", p[0].State)

		tab.demoAlert("#demo-chat", "Sent.", "Incoming chat — Demo customer: A customer wants to chat.")
		p = tab.waitPlays(2)
		assert.Equal(t, "ring", p[1].Sound(), "an incoming chat plays its default sound")
		assert.Equal(t, 100, p[1].Volume)

		// Sound off for new messages: the alert shows, silently.
		tab.setChecked("n-new_message-sound_on", false)
		tab.savePrefs("Your notification preferences are saved.")
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		tab.quiet(2, "no sound for a kind whose sound is off")
		assert.Empty(t, tab.notes(), "browser notifications are off by default")
		tab.noProblems()
	})

	t.Run("Preview plays the chosen sound at the chosen volume without saving", func(t *testing.T) {
		tab := b.openWith(t, "liam", e2ePassword, withAlertProbe)
		tab.openNotifications()
		tab.setField("n-incoming_chat-sound", "bell")
		tab.setField("n-incoming_chat-volume", "40")
		tab.click("#n-incoming_chat-preview")
		p := tab.waitPlays(1)
		assert.Equal(t, "bell", p[0].Sound())
		assert.Equal(t, 40, p[0].Volume)
		tab.click("#n-new_message-preview")
		p = tab.waitPlays(2)
		assert.Equal(t, "ding", p[1].Sound())
		assert.Equal(t, 70, p[1].Volume)
		assert.Equal(t, "", tab.js(`document.getElementById('notify-status').textContent`), "a preview saves nothing")
		tab.setChecked("n-incoming_chat-sound_on", false)
		assert.Equal(t, "true", tab.js(`String(document.getElementById('n-incoming_chat-preview').disabled)`), "no preview while the sound is off")
		tab.reload()
		tab.openNotifications()
		assert.Equal(t, "ring", tab.js(`document.getElementById('n-incoming_chat-sound').value`), "the previewed sound was not saved")
		assert.Equal(t, "100", tab.js(`document.getElementById('n-incoming_chat-volume').value`))
		tab.noProblems()
	})

	t.Run("a page without a click asks for one before it plays sound", func(t *testing.T) {
		one := b.openWith(t, "mira", e2ePassword, withAlertProbe)
		// The second tab loads the page and is never clicked: the browser
		// keeps its audio suspended.
		two := one.sibling(t)
		two.waitJS(`!document.getElementById('app').hidden`)
		assert.Equal(t, "true", two.js(`String(document.getElementById('sound-hint').hidden)`), "no hint before any sound")
		one.openNotifications()
		one.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		one.waitPlays(1)
		two.waitJS(`document.getElementById('live-message').textContent.includes('Hello, is anyone there?')`)
		two.waitJS(`!document.getElementById('sound-hint').hidden`)
		assert.Equal(t, "The browser wants a click on the page before it plays sound.", two.js(`document.querySelector('#sound-hint span').textContent`))
		assert.Empty(t, two.plays(), "nothing plays before a click")
		two.click("#sound-enable")
		two.waitJS(`document.getElementById('sound-hint').hidden`)
		one.demoAlert("#demo-chat", "Sent.", "A customer wants to chat.")
		two.waitJS(`window.__alerts.plays.some((p) => p.volume === 100)`)
		p := two.plays()
		require.Len(t, p, 1, "the sound that could not play when due does not play late: %+v", p)
		assert.Equal(t, "ring", p[0].Sound(), "after the click the page plays")
		assert.Equal(t, "running", p[0].State)
		one.noProblems()
		two.noProblems()
	})

	t.Run("browser notifications when permission is granted", func(t *testing.T) {
		tab := b.openWith(t, "nils", e2ePassword, b.withNotifications(browser.PermissionSettingGranted))
		tab.openNotifications()
		tab.waitText("perm-state", "allowed")
		assert.Equal(t, "true", tab.js(`String(document.getElementById('perm-request').hidden)`), "nothing to ask")
		tab.setChecked("n-new_message-browser", true)
		tab.setChecked("n-incoming_chat-browser", true)
		tab.savePrefs("Your notification preferences are saved.")
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		tab.waitJS(`window.__alerts.notes.length >= 1`)
		tab.demoAlert("#demo-chat", "Sent.", "A customer wants to chat.")
		tab.waitJS(`window.__alerts.notes.length >= 2`)
		assert.Equal(t, []shown{
			{Title: "Demo customer", Body: "Hello, is anyone there?", Tag: "new_message-demo-chat", Lang: "en"},
			{Title: "Demo customer", Body: "A customer wants to chat.", Tag: "incoming_chat-demo-chat", Lang: "en"},
		}, tab.notes())

		// Only when not focused: this page has the focus, so the alert
		// plays and shows in the page but raises no notification.
		require.Equal(t, "true", tab.js(`String(document.hasFocus())`))
		tab.setChecked("n-new_message-only_when_unfocused", true)
		tab.savePrefs("Your notification preferences are saved.")
		before := len(tab.plays())
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		tab.waitPlays(before + 1)
		assert.Len(t, tab.notes(), 2, "no notification while the page is focused")
		// In the background (headless Chromium gives every page the focus:
		// the probe stands in for a window behind another) it shows.
		tab.js(`window.__alerts.unfocused = true; ''`)
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		tab.waitJS(`window.__alerts.notes.length === 3`)
		assert.Equal(t, "new_message-demo-chat", tab.notes()[2].Tag)
		tab.noProblems()
	})

	t.Run("the permission flow: ask, blocked, allowed in the site settings, with a hint beside each kind", func(t *testing.T) {
		// Browser notifications on, saved elsewhere: the page has asked
		// nothing yet.
		olga := &client{t: t, e: e, base: b.base, http: &http.Client{Jar: newJar(t), Timeout: 20 * time.Second}}
		e.creds["olga"] = e2ePassword
		olga.signIn("olga")
		alert := map[string]any{"sound_on": true, "sound": "ding", "volume": 70, "browser": true, "only_when_unfocused": false}
		res := olga.do(http.MethodPut, "/api/notifications/preferences", map[string]any{"version": 0, "alerts": map[string]any{"new_message": alert}})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		tab := b.openWith(t, "olga", e2ePassword, withAlertProbe)
		tab.openNotifications()
		tab.waitText("perm-state", "not asked yet")
		require.Equal(t, "true", tab.js(`String(document.getElementById('n-new_message-browser').checked)`))
		assert.Equal(t, "0", tab.js(`String(window.__alerts.requests)`), "nothing asked before the agent does")
		// Beside the kind whose notifications are on: none will appear yet.
		tab.waitText("n-new_message-perm-hint", "No notification will appear until you allow them in the browser.")
		assert.Equal(t, "true", tab.js(`String(document.getElementById('n-incoming_chat-perm-hint').hidden)`), "no hint where notifications are off")
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		assert.Empty(t, tab.notes(), "no notification without permission")
		// Headless Chromium has no one to answer the prompt: it blocks.
		tab.click("#perm-request")
		tab.waitText("perm-state", "blocked (change it in the browser's site settings)")
		assert.Equal(t, "1", tab.js(`String(window.__alerts.requests)`), "the button asked the browser")
		assert.Equal(t, "true", tab.js(`String(document.getElementById('perm-request').hidden)`), "a blocked permission cannot be asked again")
		tab.waitText("n-new_message-perm-hint", "No notification will appear: the browser has blocked them for this page (change it in the site settings).")
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		assert.Empty(t, tab.notes(), "no notification while blocked")
		// The agent allows notifications in the browser's site settings:
		// the open page follows.
		b.setNotifications(tab, browser.PermissionSettingGranted)
		tab.waitText("perm-state", "allowed")
		tab.waitJS(`document.getElementById('n-new_message-perm-hint').hidden`)
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		tab.waitJS(`window.__alerts.notes.length === 1`)
		b.setNotifications(tab, browser.PermissionSettingPrompt)
		tab.waitText("perm-state", "not asked yet")
		assert.Equal(t, "false", tab.js(`String(document.getElementById('perm-request').hidden)`))
		tab.waitText("n-new_message-perm-hint", "No notification will appear until you allow them in the browser.")

		// In a browser never asked, switching a kind's notifications on
		// asks at once (and headless Chromium blocks them).
		fresh := b.openWith(t, "olga", e2ePassword, withAlertProbe)
		fresh.openNotifications()
		fresh.waitText("perm-state", "not asked yet")
		fresh.setChecked("n-incoming_chat-browser", true)
		fresh.waitText("perm-state", "blocked (change it in the browser's site settings)")
		assert.Equal(t, "1", fresh.js(`String(window.__alerts.requests)`), "the switch asked the browser")
		fresh.waitText("n-incoming_chat-perm-hint", "No notification will appear: the browser has blocked them for this page (change it in the site settings).")
		fresh.noProblems()
		tab.noProblems()
	})

	t.Run("quiet while Busy: messages show silently, no chat is offered", func(t *testing.T) {
		tab := b.openWith(t, "kate", e2ePassword, withAlertProbe)
		tab.openNotifications()
		tab.setChecked("n-new_message-sound_on", true)
		tab.setField("n-new_message-sound", "chime")
		tab.setChecked("f-quiet", false)
		tab.savePrefs("Your notification preferences are saved.")
		tab.click("#menu-button")
		tab.click("#menu-busy")
		tab.waitJS(`!document.getElementById('busy-badge').hidden`)
		tab.js(`document.getElementById('user-menu').hidden || document.getElementById('menu-button').click(); ''`)
		tab.waitJS(`document.getElementById('user-menu').hidden`)

		// Busy, not quiet: a new message still sounds.
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		p := tab.waitPlays(1)
		assert.Equal(t, "chime", p[0].Sound())
		// Busy and quiet: it shows without sound.
		tab.setChecked("f-quiet", true)
		tab.savePrefs("Your notification preferences are saved.")
		tab.demoAlert("#demo-message", "Sent.", "New message — Demo customer: Hello, is anyone there?")
		tab.quiet(1, "no sound while Busy with quiet on")
		// A busy agent is offered no chat at all.
		tab.demoAlert("#demo-chat", "Nothing was sent: your preferences or your Busy status leave nothing to alert.", "")
		tab.quiet(1, "no incoming chat while Busy")
		// Available again: sound is back.
		tab.click("#menu-button")
		tab.click("#menu-busy")
		tab.waitJS(`document.getElementById('busy-badge').hidden`)
		tab.js(`document.getElementById('user-menu').hidden || document.getElementById('menu-button').click(); ''`)
		tab.demoAlert("#demo-message", "Sent.", "Hello, is anyone there?")
		p = tab.waitPlays(2)
		assert.Equal(t, "chime", p[1].Sound())
		tab.noProblems()
	})

	t.Run("the page in Spanish", func(t *testing.T) {
		tab := b.openWith(t, "pablo", e2ePassword, b.withNotifications(browser.PermissionSettingGranted))
		tab.waitText("tab-notifications", "Notificaciones")
		assert.Equal(t, "es", tab.js(`document.documentElement.lang`))
		tab.setField("f-mobile", "020 7946 0018")
		tab.setField("f-name", "")
		tab.click("#general-form button[type=submit]")
		tab.waitText("err-mobile", "es un número fijo, no un número móvil")
		tab.waitText("err-name", "es obligatorio")
		tab.reload()

		tab.openNotifications()
		tab.waitText("perm-state", "permitido")
		assert.Equal(t, "Escuchar", tab.js(`document.getElementById('n-new_message-preview').textContent`))
		assert.Equal(t, "Din", tab.js(`document.getElementById('n-new_message-sound').selectedOptions[0].textContent`))
		assert.Equal(t, "Mensaje nuevo", tab.js(`document.querySelector('[data-kind=new_message] legend').textContent`))
		// Spanish writes a space between a number and the percent sign.
		assert.Equal(t, "70\u00a0%", tab.js(`document.getElementById('n-new_message-volume-out').textContent`))
		tab.setField("n-new_message-volume", "35")
		tab.waitText("n-new_message-volume-out", "35\u00a0%")
		tab.setChecked("n-new_message-browser", true)
		tab.savePrefs("Sus preferencias de notificación están guardadas.")
		tab.demoAlert("#demo-message", "Enviado.", "Mensaje nuevo — Cliente de prueba: Hola, ¿hay alguien?")
		tab.waitJS(`window.__alerts.notes.length === 1`)
		assert.Equal(t, []shown{{Title: "Cliente de prueba", Body: "Hola, ¿hay alguien?", Tag: "new_message-demo-chat", Lang: "es"}}, tab.notes())
		p := tab.waitPlays(1)
		assert.Equal(t, "ding", p[0].Sound())
		assert.Equal(t, 35, p[0].Volume)

		// Busy: no chat is offered, said in Spanish.
		tab.click("#menu-button")
		tab.click("#menu-busy")
		tab.waitJS(`!document.getElementById('busy-badge').hidden`)
		assert.Equal(t, "Ocupado", tab.js(`document.getElementById('busy-badge').textContent`))
		tab.js(`document.getElementById('user-menu').hidden || document.getElementById('menu-button').click(); ''`)
		tab.demoAlert("#demo-chat", "No se envió nada: sus preferencias o su estado Ocupado no dejan nada que avisar.", "")

		// A second tab never clicked asks for a click, in Spanish.
		two := tab.sibling(t)
		two.waitJS(`!document.getElementById('app').hidden`)
		tab.demoAlert("#demo-message", "Enviado.", "Hola, ¿hay alguien?")
		two.waitJS(`!document.getElementById('sound-hint').hidden`)
		assert.Equal(t, "El navegador necesita un clic en la página antes de reproducir sonido.", two.js(`document.querySelector('#sound-hint span').textContent`))
		assert.Equal(t, "Activar sonido", two.js(`document.getElementById('sound-enable').textContent`))

		// The agent switches to English: the whole page follows, the
		// volume too.
		tab.click("#tab-general")
		tab.js(`(() => { const s = document.getElementById('f-language'); s.value = 'en'; s.dispatchEvent(new Event('change', {bubbles: true})); return ''; })()`)
		tab.click("#general-form button[type=submit]")
		tab.waitText("general-status", "Your profile is saved.")
		tab.openNotifications()
		assert.Equal(t, "Notifications", tab.js(`document.getElementById('tab-notifications').textContent`))
		assert.Equal(t, "35%", tab.js(`document.getElementById('n-new_message-volume-out').textContent`))
		tab.noProblems()
		two.noProblems()
	})
}
