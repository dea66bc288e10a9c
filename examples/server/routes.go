package main

import (
	"embed"
	"io/fs"
	"net/http"
)

// webFiles is the page: static files with no inline script.
//
//go:embed web
var webFiles embed.FS

// maxRequestBody caps every request body; routes cap further.
const maxRequestBody = 12 << 20

// apiHandler is a handler of a signed-in route: it returns an error for
// writeError to answer instead of writing one itself.
type apiHandler func(w http.ResponseWriter, r *http.Request, s *signedIn) error

// buildHandler registers the routes, one per action of the page, and
// wraps them in the middleware: security headers, request log, body cap,
// cross-origin protection.
func (a *App) buildHandler() http.Handler {
	mux := http.NewServeMux()
	public := func(pattern string, h func(http.ResponseWriter, *http.Request) error) {
		a.routes = append(a.routes, pattern)
		mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
			if err := h(w, r); err != nil {
				writeError(w, r, a.log, err)
			}
		})
	}
	authed := func(pattern string, h apiHandler) {
		public(pattern, func(w http.ResponseWriter, r *http.Request) error {
			s, err := a.authenticate(r)
			if err != nil {
				return err
			}
			return h(w, r, s)
		})
	}
	public("POST /api/session", a.signIn)
	public("GET /api/page-language", a.pageLanguage)
	authed("GET /api/session", a.currentSession)
	authed("DELETE /api/session", a.signOut)
	authed("GET /api/profile", a.getProfile)
	authed("PATCH /api/profile", a.patchProfile)
	authed("GET /api/settings", a.getSettings)
	authed("PUT /api/settings", a.putSettings)
	authed("POST /api/compose", a.compose)
	authed("GET /api/languages", a.languages)
	authed("POST /api/password", a.changePassword)
	authed("GET /api/status", a.getStatus)
	authed("POST /api/status/busy/toggle", a.toggleBusy)
	authed("PUT /api/status/busy", a.setBusy)
	authed("GET /api/events", a.events)
	authed("GET /api/admin/agents", a.listAgents)
	authed("POST /api/admin/agents", a.createAgent)
	authed("PATCH /api/admin/agents/{id}", a.updateAgent)
	authed("POST /api/demo/chats", a.claimChat)
	authed("GET /api/notifications/catalogue", a.getCatalogue)
	authed("GET /api/notifications/preferences", a.getPreferences)
	authed("PUT /api/notifications/preferences", a.putPreferences)
	authed("POST /api/demo/notifications", a.demoNotification)
	a.registerPhotoRoutes(public, authed)

	mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, a.log, a.routeError(mux, r))
	})
	web := a.cfg.Web
	if web == nil {
		web, _ = fs.Sub(webFiles, "web")
	}
	a.pageLangs = pageTranslations(web)
	mux.HandleFunc("/", a.staticFiles(web))

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, a.log, errCrossOrigin)
	}))
	var h http.Handler = cop.Handler(mux)
	h = capBody(h)
	h = logRequests(a.log, h)
	return securityHeaders(h)
}

// routeError tells an unknown route (404) from a known path with another
// method (405, with Allow).
func (a *App) routeError(mux *http.ServeMux, r *http.Request) error {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); pattern != "" && pattern != "/api/" {
			allow = append(allow, m)
		}
	}
	if len(allow) == 0 {
		return errRouteNotFound
	}
	return &methodError{allow: allow}
}

// methodError is a 405 that knows the methods the path takes.
type methodError struct{ allow []string }

func (e *methodError) Error() string { return errRouteMethod.Error() }
func (e *methodError) Unwrap() error { return errRouteMethod }

// capBody limits every request body to maxRequestBody.
func capBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxRequestBody)
		next.ServeHTTP(w, r)
	})
}
