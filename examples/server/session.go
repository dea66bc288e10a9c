package main

import (
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/session"
)

// sessionCookie is the name of the session cookie.
const sessionCookie = "profilekit_session"

// signedIn is the signed-in agent of a request.
type signedIn struct {
	AgentID string
	// SessionID names the sign-in (session.Session.ID): safe to show, to
	// log and to match against session.Revoked.
	SessionID string
	// Expires is when the session ends at the latest.
	Expires time.Time
	// token is the cookie's value, kept to sign out or to end the other
	// sessions; it is a secret, never logged or sent.
	token string
}

// presenceID is the presence session of this sign-in: the tabs of one
// browser share it.
func (s *signedIn) presenceID() string { return "web-" + s.SessionID }

// authenticate returns the request's session, or errAuthRequired: the
// SDK's session.Service refuses unknown, revoked, idle and expired
// sessions alike.
func (a *App) authenticate(r *http.Request) (*signedIn, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return nil, errAuthRequired
	}
	s, err := a.sessions.Lookup(r.Context(), c.Value)
	if errors.Is(err, session.ErrNotFound) {
		return nil, errAuthRequired
	}
	if err != nil {
		return nil, err
	}
	setLogAgent(r.Context(), s.AgentID)
	return &signedIn{AgentID: s.AgentID, SessionID: s.ID, Expires: s.Expires, token: c.Value}, nil
}

// setSessionCookie sends the session cookie; an empty token clears it.
func (a *App) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	c := &http.Cookie{
		Name:     sessionCookie,
		Value:    token,
		Path:     "/",
		HttpOnly: true,
		SameSite: http.SameSiteLaxMode,
		Secure:   a.secure || r.TLS != nil,
		MaxAge:   int(a.cfg.SessionMax / time.Second),
	}
	if token == "" {
		c.MaxAge = -1
	}
	http.SetCookie(w, c)
}

// signInRequest is the body of POST /api/session.
type signInRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

// sessionJSON describes the signed-in agent.
type sessionJSON struct {
	AgentID   string    `json:"agent_id"`
	SessionID string    `json:"session_id"`
	Username  string    `json:"username"`
	Admin     bool      `json:"admin"`
	ExpiresAt time.Time `json:"expires_at"`
}

// signIn checks the username and password through
// password.Service.VerifyFrom and starts a session. Wrong passwords are
// throttled per agent and client address, and per agent with a far higher
// ceiling, so an attacker hammering an agent's account does not lock her
// out: the client address is password.ClientFromAddr of the connection's
// RemoteAddr (the IPv6 /64). Behind a reverse proxy every sign-in would
// share the proxy's address; this demo trusts no forwarding header, so run
// it without one, or pass the address the proxy reports instead. An unknown username, a wrong
// password and a throttled agent get the same answer; an unknown username
// costs one hash as a wrong password does, and every refusal is answered
// no sooner than Config.SignInFloor after the request arrived.
func (a *App) signIn(w http.ResponseWriter, r *http.Request) error {
	start := time.Now()
	err := a.checkSignIn(w, r)
	if errors.Is(err, errAuthFailed) {
		// Every refusal takes at least SignInFloor, so that the store
		// write a wrong password costs (and an unknown user does not)
		// cannot be timed.
		t := time.NewTimer(a.cfg.SignInFloor - time.Since(start))
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
		}
	}
	return err
}

// checkSignIn is signIn without the time floor.
func (a *App) checkSignIn(w http.ResponseWriter, r *http.Request) error {
	var req signInRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ctx := r.Context()
	agentID := "" // an invalid ID: Verify spends one hash and refuses it
	p, err := a.profiles.GetByUsername(ctx, req.Username)
	switch {
	case err == nil:
		agentID = p.ID
	case !errors.Is(err, profile.ErrNotFound) && !errors.Is(err, profile.ErrInvalid):
		return err
	}
	if err := a.passwds.VerifyFrom(ctx, agentID, password.ClientFromAddr(r.RemoteAddr), req.Password); err != nil {
		if errors.Is(err, password.ErrInvalid) || errors.Is(err, password.ErrNotFound) || errors.Is(err, password.ErrThrottled) {
			return errAuthFailed
		}
		return err
	}
	_, _ = a.sessions.Sweep(ctx) // a good moment to forget expired sessions
	token, sess, err := a.sessions.Create(ctx, agentID)
	if err != nil {
		return err
	}
	s := &signedIn{AgentID: agentID, SessionID: sess.ID, Expires: sess.Expires, token: token}
	if _, err := a.tracker.Connect(ctx, agentID, s.presenceID()); err != nil {
		a.log.WarnContext(ctx, "presence connect failed", "request_id", requestID(ctx), "err", err.Error())
	}
	setLogAgent(ctx, agentID)
	a.setSessionCookie(w, r, token)
	writeJSON(w, http.StatusOK, sessionJSON{AgentID: agentID, SessionID: sess.ID, Username: p.Username, Admin: isAdmin(p), ExpiresAt: s.Expires})
	return nil
}

// signOut ends the session. The SDK raises session.Revoked, which the feed
// carries to every instance, where the session's streams end.
func (a *App) signOut(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	if err := a.sessions.Revoke(r.Context(), s.token); err != nil {
		return err
	}
	_, _ = a.tracker.Disconnect(r.Context(), s.AgentID, s.presenceID())
	a.setSessionCookie(w, r, "")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// currentSession describes the signed-in agent.
func (a *App) currentSession(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	p, err := a.profiles.Get(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sessionJSON{AgentID: p.ID, SessionID: s.SessionID, Username: p.Username, Admin: isAdmin(p), ExpiresAt: s.Expires})
	return nil
}

// adminRole is the role that may use the admin routes.
const adminRole = "admin"

// DefaultRoles are the roles of Config.Roles when it is nil.
var DefaultRoles = []string{adminRole, "supervisor", "agent"}

// roleSet is the profile.RoleSet of roles (DefaultRoles when nil), which
// must hold adminRole in that spelling.
func roleSet(roles []string) (*profile.RoleSet, error) {
	if roles == nil {
		roles = DefaultRoles
	}
	rs, err := profile.NewRoleSet(roles...)
	if err != nil {
		return nil, fmt.Errorf("server: roles: %w", err)
	}
	if r, err := rs.Parse(adminRole); err != nil || r != adminRole {
		return nil, fmt.Errorf("server: roles: %q must be one of %q", adminRole, rs.Roles())
	}
	return rs, nil
}

// isAdmin reports whether p may use the admin routes.
func isAdmin(p profile.Profile) bool { return p.Role == adminRole }
