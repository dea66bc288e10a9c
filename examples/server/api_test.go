package main

import (
	"net/http"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/convrs/profilekit/profilekittest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOpenAPICoversRoutes fails when a registered route is missing from
// openapi.yaml or the description names a route the server lacks.
func TestOpenAPICoversRoutes(t *testing.T) {
	e := newEnv(t, false)
	app, _ := e.start(e.cfg)
	var spec []string
	for path, item := range e.spec.Paths.Map() {
		for method := range item.Operations() {
			spec = append(spec, method+" "+path)
		}
	}
	routes := app.Routes()
	sort.Strings(spec)
	sort.Strings(routes)
	assert.Equal(t, spec, routes)
}

func TestSignIn(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	require.Len(t, e.creds, 3)
	c := e.client(srv)

	t.Run("success", func(t *testing.T) {
		s := c.signIn("ada")
		assert.Equal(t, "ada", s["username"])
		assert.Equal(t, false, s["admin"])
		res := c.do("GET", "/api/session", nil)
		require.Equal(t, http.StatusOK, res.Status)
		assert.Equal(t, s["agent_id"], res.JSON(t)["agent_id"])
	})
	t.Run("cookie", func(t *testing.T) {
		res := e.client(srv).do("POST", "/api/session", map[string]string{"username": "ada", "password": e.creds["ada"]})
		require.Equal(t, http.StatusOK, res.Status)
		ck := res.Header.Get("Set-Cookie")
		assert.Contains(t, ck, sessionCookie+"=")
		assert.Contains(t, ck, "HttpOnly")
		assert.Contains(t, ck, "SameSite=Lax")
		assert.NotContains(t, ck, "Secure") // plain HTTP test server
	})
	t.Run("wrong password and unknown user answer alike", func(t *testing.T) {
		a := e.client(srv).do("POST", "/api/session", map[string]string{"username": "ada", "password": "not the password at all"})
		b := e.client(srv).do("POST", "/api/session", map[string]string{"username": "nobody", "password": "not the password at all"})
		d := e.client(srv).do("POST", "/api/session", map[string]string{"username": "Bad Name!", "password": "x"})
		for _, r := range []response{a, b, d} {
			assert.Equal(t, http.StatusUnauthorized, r.Status)
			assert.Equal(t, "auth.failed", r.Code(t))
			m := r.JSON(t)
			delete(m, "request_id")
			assert.Equal(t, map[string]any{"code": "auth.failed", "message": "the username or the password is wrong"}, m)
		}
	})
	t.Run("throttled answers alike", func(t *testing.T) {
		c := e.client(srv)
		for range 7 {
			r := c.do("POST", "/api/session", map[string]string{"username": "grace", "password": "wrong wrong wrong wrong"})
			assert.Equal(t, "auth.failed", r.Code(t))
		}
		// The throttle has kicked in: now even the right password is
		// refused, with the same answer.
		require.Contains(t, e.creds, "grace")
		r := c.do("POST", "/api/session", map[string]string{"username": "grace", "password": e.creds["grace"]})
		assert.Equal(t, http.StatusUnauthorized, r.Status)
		assert.Equal(t, "auth.failed", r.Code(t))
	})
	t.Run("malformed", func(t *testing.T) {
		r := e.client(srv).do("POST", "/api/session", `{"username": "ada",`)
		assert.Equal(t, http.StatusBadRequest, r.Status)
		assert.Equal(t, "request.malformed", r.Code(t))
		r = e.client(srv).do("POST", "/api/session", `{"username": "ada", "password": "x", "extra": 1}`)
		assert.Equal(t, "request.malformed", r.Code(t))
		r = e.client(srv).do("POST", "/api/session", `{"username": "ada", "password": "x"} {}`)
		assert.Equal(t, "request.malformed", r.Code(t))
	})
	t.Run("content type", func(t *testing.T) {
		r := e.client(srv).do("POST", "/api/session", `{"username": "ada"}`, "Content-Type", "text/plain")
		assert.Equal(t, http.StatusUnsupportedMediaType, r.Status)
		assert.Equal(t, "request.unsupported_media_type", r.Code(t))
	})
	t.Run("too large", func(t *testing.T) {
		r := e.client(srv).do("POST", "/api/session", `{"username": "`+strings.Repeat("a", maxJSONBody)+`"}`)
		assert.Equal(t, http.StatusRequestEntityTooLarge, r.Status)
		assert.Equal(t, "request.too_large", r.Code(t))
	})
	t.Run("cross origin", func(t *testing.T) {
		r := e.client(srv).do("POST", "/api/session", map[string]string{"username": "ada", "password": e.creds["ada"]},
			"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example")
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, "request.cross_origin", r.Code(t))
		r = e.client(srv).do("POST", "/api/session", map[string]string{"username": "ada", "password": e.creds["ada"]},
			"Origin", "https://evil.example")
		assert.Equal(t, http.StatusForbidden, r.Status)
	})
	t.Run("sign out", func(t *testing.T) {
		c := e.client(srv)
		c.signIn("ada")
		assert.Equal(t, http.StatusNoContent, c.do("DELETE", "/api/session", nil).Status)
		assert.Equal(t, http.StatusUnauthorized, c.do("GET", "/api/session", nil).Status)
		assert.Equal(t, http.StatusUnauthorized, c.do("DELETE", "/api/session", nil).Status)
	})
}

// authedRoutes is one request for every signed-in route.
var authedRoutes = []struct{ method, path, body string }{
	{"GET", "/api/session", ""},
	{"DELETE", "/api/session", ""},
	{"GET", "/api/profile", ""},
	{"PATCH", "/api/profile", `{"version": 1}`},
	{"GET", "/api/settings", ""},
	{"PUT", "/api/settings", `{"version": 1, "capitalize_first_letter": true}`},
	{"POST", "/api/compose", `{"text": "hi"}`},
	{"GET", "/api/languages", ""},
	{"POST", "/api/password", `{"current_password": "a", "new_password": "b", "repeat_password": "b"}`},
	{"GET", "/api/status", ""},
	{"POST", "/api/status/busy/toggle", ""},
	{"GET", "/api/events", ""},
	{"GET", "/api/admin/agents", ""},
	{"POST", "/api/admin/agents", `{}`},
	{"PATCH", "/api/admin/agents/x", `{"version": 1}`},
	{"POST", "/api/demo/chats", `{}`},
	{"GET", "/api/notifications/catalogue", ""},
	{"GET", "/api/notifications/preferences", ""},
	{"PUT", "/api/notifications/preferences", `{"version": 0}`},
	{"POST", "/api/demo/notifications", `{"kind": "new_message"}`},
	{"POST", "/api/profile/photo", `{}`},
	{"DELETE", "/api/profile/photo?version=1", ""},
	{"GET", "/api/agents/x/photo", ""},
}

func TestUnauthenticated(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	for _, r := range authedRoutes {
		var body any
		if r.body != "" {
			body = r.body
		}
		res := c.do(r.method, r.path, body)
		assert.Equal(t, http.StatusUnauthorized, res.Status, "%s %s", r.method, r.path)
		assert.Equal(t, "auth.required", res.Code(t), "%s %s", r.method, r.path)
	}
	// A forged cookie is no better.
	res := c.do("GET", "/api/profile", nil, "Cookie", sessionCookie+"="+strings.Repeat("A", 43))
	assert.Equal(t, http.StatusUnauthorized, res.Status)
}

// TestCrossOriginEveryWrite checks that every state-changing route refuses
// a cross-origin request before anything else.
func TestCrossOriginEveryWrite(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("ada")
	for _, r := range authedRoutes {
		if r.method == "GET" {
			continue
		}
		res := c.do(r.method, r.path, r.body, "Sec-Fetch-Site", "cross-site")
		assert.Equal(t, http.StatusForbidden, res.Status, "%s %s", r.method, r.path)
		assert.Equal(t, "request.cross_origin", res.Code(t))
	}
	assert.Equal(t, http.StatusOK, c.do("GET", "/api/profile", nil).Status)
}

func TestProfile(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("ada")

	res := c.do("GET", "/api/profile", nil)
	require.Equal(t, http.StatusOK, res.Status)
	p := res.JSON(t)
	assert.Equal(t, "Ada Lovelace", p["name"])
	assert.Nil(t, p["mobile"])
	v := int64(p["version"].(float64))

	res = c.do("PATCH", "/api/profile", map[string]any{"version": v, "name": "  Ada   King ", "mobile": "07400 123456", "language": "en_us"})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	p = res.JSON(t)
	assert.Equal(t, "Ada King", p["name"])
	assert.Equal(t, "en-US", p["language"])
	assert.Equal(t, map[string]any{"e164": "+447400123456", "national": "07400 123456", "international": "+44 7400 123456"}, p["mobile"])
	assert.Equal(t, float64(v+1), p["version"])

	t.Run("every field error", func(t *testing.T) {
		res := c.do("PATCH", "/api/profile", map[string]any{"version": v + 1, "name": "", "mobile": "020 7946 0000", "language": "zz-qq-x"})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		m := res.JSON(t)
		assert.Equal(t, "input.invalid", m["code"])
		fields := map[string]string{}
		for _, f := range m["fields"].([]any) {
			fe := f.(map[string]any)
			fields[fe["field"].(string)] = fe["code"].(string)
		}
		assert.Equal(t, "text.required", fields["name"])
		assert.Equal(t, "phone.not_mobile", fields["mobile"])
		assert.Contains(t, fields, "language")
	})
	t.Run("conflict", func(t *testing.T) {
		res := c.do("PATCH", "/api/profile", map[string]any{"version": v, "name": "Stale"})
		require.Equal(t, http.StatusConflict, res.Status)
		m := res.JSON(t)
		assert.Equal(t, "profile.conflict", m["code"])
		assert.Equal(t, float64(v+1), m["current_version"])
	})
	t.Run("forbidden fields", func(t *testing.T) {
		res := c.do("PATCH", "/api/profile", map[string]any{"version": v + 1, "username": "queen", "role": "admin", "name": "X"})
		require.Equal(t, http.StatusForbidden, res.Status)
		m := res.JSON(t)
		assert.Equal(t, "profile.forbidden", m["code"])
		assert.Equal(t, []any{"username", "role"}, m["forbidden_fields"])
		assert.Equal(t, "Ada King", c.do("GET", "/api/profile", nil).JSON(t)["name"])
	})
	t.Run("version required", func(t *testing.T) {
		res := c.do("PATCH", "/api/profile", map[string]any{"name": "X"})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, string(res.Body), "version.required")
	})
	t.Run("malformed", func(t *testing.T) {
		assert.Equal(t, http.StatusBadRequest, c.do("PATCH", "/api/profile", `{"version": "one"}`).Status)
		assert.Equal(t, http.StatusBadRequest, c.do("PATCH", "/api/profile", `[]`).Status)
		assert.Equal(t, http.StatusBadRequest, c.do("PATCH", "/api/profile", `{"version": 1, "nickname": "x"}`).Status)
	})
	t.Run("content type", func(t *testing.T) {
		res := c.do("PATCH", "/api/profile", `{"version": 1}`, "Content-Type", "application/x-www-form-urlencoded")
		assert.Equal(t, http.StatusUnsupportedMediaType, res.Status)
	})
	t.Run("too large", func(t *testing.T) {
		res := c.do("PATCH", "/api/profile", `{"version": 2, "name": "`+strings.Repeat("x", maxJSONBody)+`"}`)
		assert.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
	})
}

func TestSettingsAndCompose(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("grace")

	res := c.do("GET", "/api/settings", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, false, res.JSON(t)["capitalize_first_letter"])
	v := int64(res.JSON(t)["version"].(float64))

	assert.Equal(t, "hello", c.do("POST", "/api/compose", map[string]string{"text": "hello"}).JSON(t)["text"])
	res = c.do("PUT", "/api/settings", map[string]any{"version": v, "capitalize_first_letter": true})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, true, res.JSON(t)["capitalize_first_letter"])
	assert.Equal(t, "Hello", c.do("POST", "/api/compose", map[string]string{"text": "hello"}).JSON(t)["text"])

	res = c.do("PUT", "/api/settings", map[string]any{"version": v, "capitalize_first_letter": false})
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, float64(v+1), res.JSON(t)["current_version"])
	res = c.do("PUT", "/api/settings", map[string]any{"version": v + 1})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, string(res.Body), "capitalize_first_letter")
	assert.Equal(t, http.StatusBadRequest, c.do("PUT", "/api/settings", `{"version": 2, "capitalize_first_letter": "yes"}`).Status)
	assert.Equal(t, http.StatusBadRequest, c.do("POST", "/api/compose", `{"text": 1}`).Status)
	assert.Equal(t, http.StatusUnsupportedMediaType, c.do("POST", "/api/compose", `{"text": "a"}`, "Content-Type", "text/plain").Status)
	assert.Equal(t, http.StatusRequestEntityTooLarge, c.do("POST", "/api/compose", `{"text": "`+strings.Repeat("x", maxJSONBody)+`"}`).Status)

	res = c.do("GET", "/api/languages?ui=de", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, string(res.Body), `"Deutsch"`)
}

func TestChangePassword(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	a, b := e.client(srv), e.client(srv)
	a.signIn("ada")
	b.signIn("ada")
	old := e.creds["ada"]

	res := a.do("POST", "/api/password", map[string]string{"current_password": "wrong but long enough", "new_password": "x", "repeat_password": "y"})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, string(res.Body), "password.incorrect")

	res = a.do("POST", "/api/password", map[string]string{"current_password": old, "new_password": "short", "repeat_password": "other"})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, string(res.Body), "password.too_short")
	assert.Contains(t, string(res.Body), "password.mismatch")

	next := "correct horse battery staple 42"
	res = a.do("POST", "/api/password", map[string]string{"current_password": old, "new_password": next, "repeat_password": next})
	require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
	assert.Equal(t, http.StatusOK, a.do("GET", "/api/profile", nil).Status, "this session goes on")
	assert.Equal(t, http.StatusUnauthorized, b.do("GET", "/api/profile", nil).Status, "the other session ended")

	e.creds["ada"] = next
	e.client(srv).signIn("ada")
	r := e.client(srv).do("POST", "/api/session", map[string]string{"username": "ada", "password": old})
	assert.Equal(t, http.StatusUnauthorized, r.Status)
	assert.Equal(t, http.StatusBadRequest, a.do("POST", "/api/password", `{"current_password": 1}`).Status)
	assert.Equal(t, http.StatusUnsupportedMediaType, a.do("POST", "/api/password", `{}`, "Content-Type", "text/plain").Status)
}

// TestChangePasswordEveryField: a wrong or an empty current password does
// not hide the new password's problems; every field's error comes at once.
func TestChangePasswordEveryField(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	a := e.client(srv)
	a.signIn("ada")
	fields := func(res response) []string {
		t.Helper()
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, string(res.Body))
		var out []string
		for _, f := range res.JSON(t)["fields"].([]any) {
			m := f.(map[string]any)
			out = append(out, m["field"].(string)+" "+m["code"].(string))
		}
		return out
	}
	res := a.do("POST", "/api/password", map[string]string{"current_password": "wrong but long enough", "new_password": "qzx vlk w", "repeat_password": "other"})
	assert.Equal(t, []string{"current_password password.incorrect", "new_password password.too_short", "repeat_password password.mismatch"}, fields(res))
	res = a.do("POST", "/api/password", map[string]string{"current_password": "", "new_password": "qzx vlk w", "repeat_password": "other"})
	assert.Equal(t, []string{"current_password password.required", "new_password password.too_short", "repeat_password password.mismatch"}, fields(res))
	res = a.do("POST", "/api/password", map[string]string{})
	assert.Equal(t, []string{"current_password password.required", "new_password password.too_short"}, fields(res))
}

// TestSetBusy: Busy with a reason and an end, through the API, and its
// refusals.
func TestSetBusy(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("ada")
	res := c.do("PUT", "/api/status/busy", map[string]any{"busy": true, "reason": "  In a meeting ", "for_seconds": 1800})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	st := res.JSON(t)
	assert.Equal(t, "busy", st["status"])
	assert.Equal(t, "In a meeting", st["busy_reason"])
	until, err := time.Parse(time.RFC3339Nano, st["busy_until"].(string))
	require.NoError(t, err)
	since, err := time.Parse(time.RFC3339Nano, st["busy_since"].(string))
	require.NoError(t, err)
	assert.Equal(t, 30*time.Minute, until.Sub(since).Round(time.Second))

	res = c.do("PUT", "/api/status/busy", map[string]any{"busy": true, "for_seconds": -1})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, string(res.Body), "duration.negative")
	res = c.do("PUT", "/api/status/busy", map[string]any{"busy": true, "for_seconds": int64(1) << 62})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, string(res.Body), "duration.too_long")
	// A large negative number of seconds does not wrap around into a valid
	// duration.
	res = c.do("PUT", "/api/status/busy", map[string]any{"busy": true, "for_seconds": 3600 - int64(1)<<55}) // × 10⁹ wraps to one hour
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, string(res.Body), "duration.negative")

	res = c.do("PUT", "/api/status/busy", map[string]any{"busy": false})
	require.Equal(t, http.StatusOK, res.Status)
	assert.NotEqual(t, "busy", res.JSON(t)["status"])
}

func TestStatusAndClaim(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	ada, grace := e.client(srv), e.client(srv)
	adaID := ada.signIn("ada")["agent_id"]
	graceID := grace.signIn("grace")["agent_id"]

	res := ada.do("GET", "/api/status", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, "available", res.JSON(t)["status"])

	res = ada.do("POST", "/api/status/busy/toggle", nil)
	require.Equal(t, http.StatusOK, res.Status)
	st := res.JSON(t)
	assert.Equal(t, "busy", st["status"])
	assert.Equal(t, map[string]any{"label": "Busy", "colour": "red"}, st["badge"])

	// Ada is busy, the admin never signed in (offline): every claim goes to Grace.
	for range 3 {
		res = ada.do("POST", "/api/demo/chats", map[string]string{})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		assert.Equal(t, graceID, res.JSON(t)["agent_id"])
	}
	grace.do("POST", "/api/status/busy/toggle", nil)
	res = ada.do("POST", "/api/demo/chats", map[string]string{"chat_id": "chat-1"})
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, "chat.no_agent", res.Code(t))

	ada.do("POST", "/api/status/busy/toggle", nil)
	res = ada.do("POST", "/api/demo/chats", map[string]string{"chat_id": "chat-1"})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, adaID, res.JSON(t)["agent_id"])

	res = ada.do("POST", "/api/demo/chats", map[string]string{"chat_id": "has space"})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Equal(t, http.StatusBadRequest, ada.do("POST", "/api/demo/chats", `{"chat": 1}`).Status)
	assert.Equal(t, http.StatusUnsupportedMediaType, ada.do("POST", "/api/demo/chats", `{}`, "Content-Type", "text/xml").Status)
}

func TestAdmin(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	admin, agent := e.client(srv), e.client(srv)
	admin.signIn("admin")
	adaID := agent.signIn("ada")["agent_id"].(string)

	t.Run("agents are forbidden", func(t *testing.T) {
		for _, r := range []response{
			agent.do("GET", "/api/admin/agents", nil),
			agent.do("POST", "/api/admin/agents", map[string]string{"username": "x"}),
			agent.do("PATCH", "/api/admin/agents/"+adaID, map[string]any{"version": 1, "name": "x"}),
		} {
			assert.Equal(t, http.StatusForbidden, r.Status)
			assert.Equal(t, "auth.admin_only", r.Code(t))
		}
		r := agent.do("PATCH", "/api/admin/agents/"+adaID, map[string]any{"version": 1, "role": "admin", "business_unit": "x"})
		assert.Equal(t, http.StatusForbidden, r.Status)
		assert.Equal(t, "profile.forbidden", r.Code(t))
		assert.Equal(t, []any{"role", "business_unit"}, r.JSON(t)["forbidden_fields"])
	})
	t.Run("list", func(t *testing.T) {
		res := admin.do("GET", "/api/admin/agents", nil)
		require.Equal(t, http.StatusOK, res.Status)
		assert.Contains(t, string(res.Body), `"username":"grace"`)
	})
	newPW := "a long enough first password 7"
	t.Run("create", func(t *testing.T) {
		res := admin.do("POST", "/api/admin/agents", map[string]any{
			"username": "Linus", "role": "agent", "business_unit": "Kernel", "name": "Linus T", "public_name": "Linus", "password": newPW,
		})
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
		assert.Equal(t, "linus", res.JSON(t)["username"])
		e.creds["linus"] = newPW
		e.client(srv).signIn("linus")
	})
	t.Run("create invalid creates nothing", func(t *testing.T) {
		res := admin.do("POST", "/api/admin/agents", map[string]any{"username": "ken", "role": "agent", "name": "", "public_name": "!!!", "password": newPW})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, string(res.Body), `"field":"name"`)
		assert.Contains(t, string(res.Body), `"field":"public_name"`)
		res = admin.do("POST", "/api/admin/agents", map[string]any{"username": "ken", "role": "agent", "name": "Ken", "public_name": "Ken", "password": "short"})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, string(res.Body), "password.too_short")
		assert.NotContains(t, string(admin.do("GET", "/api/admin/agents", nil).Body), `"ken"`)
		res = admin.do("POST", "/api/admin/agents", map[string]any{"username": "ada", "role": "agent", "name": "A", "public_name": "A", "password": newPW})
		require.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Contains(t, string(res.Body), "username.taken")
	})
	t.Run("update", func(t *testing.T) {
		res := admin.do("PATCH", "/api/admin/agents/"+adaID, map[string]any{"version": 1, "username": "countess", "role": "supervisor", "business_unit": "Analytics"})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		p := res.JSON(t)
		assert.Equal(t, "countess", p["username"])
		assert.Equal(t, "supervisor", p["role"])
		res = admin.do("PATCH", "/api/admin/agents/"+adaID, map[string]any{"version": 1, "role": "x"})
		assert.Equal(t, http.StatusConflict, res.Status)
		assert.Equal(t, float64(2), res.JSON(t)["current_version"])
		res = admin.do("PATCH", "/api/admin/agents/no-such-agent", map[string]any{"version": 1, "role": "x"})
		assert.Equal(t, http.StatusNotFound, res.Status)
		res = admin.do("PATCH", "/api/admin/agents/"+adaID, map[string]any{"version": 2, "username": ""})
		assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
		assert.Equal(t, http.StatusBadRequest, admin.do("PATCH", "/api/admin/agents/"+adaID, `{"version": 2, "x": 1}`).Status)
		// The new username signs in; the old one no longer does.
		e.creds["countess"] = e.creds["ada"]
		e.client(srv).signIn("countess")
		r := e.client(srv).do("POST", "/api/session", map[string]string{"username": "ada", "password": e.creds["ada"]})
		assert.Equal(t, http.StatusUnauthorized, r.Status)
	})
}

func TestRoutesAndHeaders(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)

	res := c.do("GET", "/", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, string(res.Body), `<script type="module" src="/app.js">`)
	assert.NotContains(t, string(res.Body), "<script>")
	assert.Contains(t, res.Header.Get("Content-Security-Policy"), "script-src 'self'")
	assert.NotContains(t, res.Header.Get("Content-Security-Policy"), "unsafe-inline")
	assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
	assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"))
	assert.Equal(t, "no-referrer", res.Header.Get("Referrer-Policy"))
	assert.Contains(t, res.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'")

	res = c.do("GET", "/api/nothing", nil)
	assert.Equal(t, http.StatusNotFound, res.Status)
	assert.Equal(t, "route.not_found", res.Code(t))
	res = c.do("PUT", "/api/profile", `{}`)
	assert.Equal(t, http.StatusMethodNotAllowed, res.Status)
	assert.Equal(t, "route.method_not_allowed", res.Code(t))
	assert.Equal(t, "GET, PATCH", res.Header.Get("Allow"))
	assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	assert.NotEmpty(t, res.Header.Get("X-Request-ID"))
	assert.Equal(t, http.StatusMethodNotAllowed, c.do("POST", "/index.html", `{}`).Status)
}

func TestSessionExpiry(t *testing.T) {
	e := newEnv(t, false)
	clock := profilekittest.NewClock(time.Now().UTC())
	cfg := e.cfg
	cfg.Clock, cfg.SessionIdle, cfg.SessionMax = clock, 30*time.Minute, 2*time.Hour
	_, srv := e.start(cfg)
	c := e.client(srv)
	c.signIn("ada")
	for range 4 { // used every 25 minutes: never idle, until the absolute expiry
		clock.Advance(25 * time.Minute)
		assert.Equal(t, http.StatusOK, c.do("GET", "/api/session", nil).Status)
	}
	clock.Advance(25 * time.Minute)
	assert.Equal(t, http.StatusUnauthorized, c.do("GET", "/api/session", nil).Status, "past the absolute expiry")

	c.signIn("ada")
	clock.Advance(31 * time.Minute)
	assert.Equal(t, http.StatusUnauthorized, c.do("GET", "/api/session", nil).Status, "idle too long")
}

// TestSeedOnce checks that the demo credentials are printed on a new
// database only.
func TestSeedOnce(t *testing.T) {
	e := newEnv(t, false)
	app, err := NewApp(t.Context(), e.cfg)
	require.NoError(t, err)
	require.NoError(t, app.Close())
	assert.Contains(t, e.out.String(), "admin")
	e.out.Reset()
	app, err = NewApp(t.Context(), e.cfg)
	require.NoError(t, err)
	require.NoError(t, app.Close())
	assert.Empty(t, e.out.String())
}

func TestNotifications(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("ada")

	res := c.do("GET", "/api/notifications/catalogue", nil)
	require.Equal(t, http.StatusOK, res.Status)
	assert.Contains(t, string(res.Body), "incoming_chat")

	res = c.do("GET", "/api/notifications/preferences", nil)
	require.Equal(t, http.StatusOK, res.Status)
	p := res.JSON(t)
	assert.Equal(t, true, p["default"])
	assert.Equal(t, float64(0), p["version"])

	s := c.stream("")
	s.next("status")
	alert := map[string]any{"sound_on": true, "sound": "", "volume": 40, "browser": true, "only_when_unfocused": true}
	res = c.do("PUT", "/api/notifications/preferences", map[string]any{"version": 0, "alerts": map[string]any{"new_message": alert}, "quiet_while_busy": true})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	assert.Equal(t, float64(1), res.JSON(t)["version"])
	_, pe := s.next("preferences")
	assert.Equal(t, float64(1), pe["version"])
	assert.Equal(t, true, pe["quiet_while_busy"])

	res = c.do("PUT", "/api/notifications/preferences", map[string]any{"version": 0, "quiet_while_busy": false})
	assert.Equal(t, http.StatusConflict, res.Status)
	assert.Equal(t, float64(1), res.JSON(t)["current_version"])
	bad := map[string]any{"sound_on": true, "sound": "kazoo", "volume": 101, "browser": true, "only_when_unfocused": true}
	res = c.do("PUT", "/api/notifications/preferences", map[string]any{"version": 1, "alerts": map[string]any{"new_message": bad, "fax": alert}})
	require.Equal(t, http.StatusUnprocessableEntity, res.Status)
	for _, code := range []string{"sound.unknown", "volume.out_of_range", "event_kind.unknown"} {
		assert.Contains(t, string(res.Body), code)
	}
	assert.Equal(t, http.StatusUnprocessableEntity, c.do("PUT", "/api/notifications/preferences", map[string]any{"quiet_while_busy": true}).Status)
	assert.Equal(t, http.StatusBadRequest, c.do("PUT", "/api/notifications/preferences", `{"version": 1, "alerts": []}`).Status)
	assert.Equal(t, http.StatusUnsupportedMediaType, c.do("PUT", "/api/notifications/preferences", `{}`, "Content-Type", "text/plain").Status)

	res = c.do("POST", "/api/demo/notifications", map[string]any{"kind": "new_message", "sender": "<b>Bob</b>", "text": "hello <script>x</script>"})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	assert.Equal(t, true, res.JSON(t)["sent"])
	_, n := s.next("notification")
	assert.Equal(t, "new_message", n["kind"])
	assert.NotContains(t, n["title"], "<")

	c.do("POST", "/api/status/busy/toggle", nil)
	res = c.do("POST", "/api/demo/notifications", map[string]any{"kind": "incoming_chat"})
	require.Equal(t, http.StatusOK, res.Status)
	assert.Equal(t, false, res.JSON(t)["sent"], "an incoming chat never reaches a busy agent")
	res = c.do("POST", "/api/demo/notifications", map[string]any{"kind": "fax"})
	assert.Equal(t, http.StatusUnprocessableEntity, res.Status)
	assert.Contains(t, string(res.Body), "event_kind.unknown")
}

// TestBodyRules sends every route that takes a JSON body an oversized
// body, malformed JSON and the wrong content type.
func TestBodyRules(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	c := e.client(srv)
	c.signIn("admin")
	n := 0
	for _, r := range append(authedRoutes, struct{ method, path, body string }{"POST", "/api/session", `{}`}) {
		if r.body == "" || r.path == "/api/profile/photo" {
			continue
		}
		n++
		big := `{"text": "` + strings.Repeat("x", maxJSONBody) + `"}`
		assert.Equal(t, http.StatusRequestEntityTooLarge, c.do(r.method, r.path, big).Status, "%s %s", r.method, r.path)
		assert.Equal(t, http.StatusBadRequest, c.do(r.method, r.path, `{"x":`).Status, "%s %s", r.method, r.path)
		assert.Equal(t, http.StatusBadRequest, c.do(r.method, r.path, `{"no_such_field": 1}`).Status, "%s %s", r.method, r.path)
		assert.Equal(t, http.StatusUnsupportedMediaType, c.do(r.method, r.path, r.body, "Content-Type", "text/plain").Status, "%s %s", r.method, r.path)
	}
	assert.Equal(t, 10, n)
}

// TestDemoNotificationOnlySelf: an agent raises demo alerts for herself
// only; an administrator may raise them for anyone (issue 18, item 5).
func TestDemoNotificationOnlySelf(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	ada, grace, admin := e.client(srv), e.client(srv), e.client(srv)
	ada.signIn("ada")
	graceID := grace.signIn("grace")["agent_id"].(string)
	admin.signIn("admin")

	res := ada.do("POST", "/api/demo/notifications", map[string]any{"agent_id": graceID, "kind": "new_message"})
	require.Equal(t, http.StatusForbidden, res.Status, string(res.Body))
	assert.Equal(t, "auth.admin_only", res.Code(t))
	assert.NotContains(t, string(res.Body), "sound")

	res = ada.do("POST", "/api/demo/notifications", map[string]any{"kind": "new_message"})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	res = admin.do("POST", "/api/demo/notifications", map[string]any{"agent_id": graceID, "kind": "new_message"})
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	assert.Equal(t, true, res.JSON(t)["sent"])
}

// TestLastAdminKeepsRole: the only administrator cannot demote herself,
// and two administrators demoting each other at once leave one (issue 18,
// item 6).
func TestLastAdminKeepsRole(t *testing.T) {
	e := newEnv(t, false)
	_, srv := e.start(e.cfg)
	admin, grace := e.client(srv), e.client(srv)
	adminID := admin.signIn("admin")["agent_id"].(string)
	graceID := grace.signIn("grace")["agent_id"].(string)
	adminVersion := admin.version()

	res := admin.do("PATCH", "/api/admin/agents/"+adminID, map[string]any{"version": adminVersion, "role": "agent"})
	require.Equal(t, http.StatusConflict, res.Status, string(res.Body))
	assert.Equal(t, "profile.last_admin", res.Code(t))
	assert.Equal(t, adminVersion, admin.version(), "a refused demotion changed the profile")
	assert.Equal(t, http.StatusOK, admin.do("GET", "/api/admin/agents", nil).Status)

	for round := range 5 {
		res = admin.do("PATCH", "/api/admin/agents/"+graceID, map[string]any{"version": grace.version(), "role": "admin"})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		// Each demotes the other at once: one of them stays.
		versions := map[string]int64{adminID: admin.version(), graceID: grace.version()}
		var wg sync.WaitGroup
		out := make([]response, 2)
		for i, pair := range [][2]any{{admin, graceID}, {grace, adminID}} {
			wg.Go(func() {
				c, target := pair[0].(*client), pair[1].(string)
				out[i] = c.do("PATCH", "/api/admin/agents/"+target, map[string]any{"version": versions[target], "role": "agent"})
			})
		}
		wg.Wait()
		ok := 0
		for _, r := range out {
			if r.Status == http.StatusOK {
				ok++
			} else {
				// The loser is refused by the store, or, when the winner
				// was quicker, as no longer an administrator.
				assert.Contains(t, []string{"profile.last_admin", "profile.forbidden"}, r.Code(t), "round %d", round)
			}
		}
		require.Equal(t, 1, ok, "round %d: %s / %s", round, out[0].Body, out[1].Body)
		if out[0].Status != http.StatusOK { // grace demoted admin: swap back
			admin, grace = grace, admin
			adminID, graceID = graceID, adminID
		}
	}
}
