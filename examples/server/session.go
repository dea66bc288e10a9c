package main

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"net/http"
	"time"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/profile"
)

// sessionCookie is the name of the session cookie.
const sessionCookie = "profilekit_session"

// touchEvery is how stale a session's last-use time may get before a
// request writes it again: the idle expiry is exact to this much, and most
// requests write nothing.
const touchEvery = time.Minute

// session is the signed-in agent of a request.
type session struct {
	AgentID string
	// Hash is the SHA-256 of the token, in hex: what the database keeps.
	Hash string
	// Expires is when the session ends at the latest.
	Expires time.Time
}

// presenceID is the presence session of this sign-in: the tabs of one
// browser share it.
func (s *session) presenceID() string { return "web-" + s.Hash[:16] }

// newToken returns a fresh opaque session token and its hash.
func newToken() (token, hash string) {
	var b [32]byte
	_, _ = rand.Read(b[:])
	token = base64.RawURLEncoding.EncodeToString(b[:])
	return token, hashToken(token)
}

// hashToken returns the SHA-256 of a token in hex. The token has 256 bits
// of entropy, so a plain hash is enough: a stolen table gives no usable
// token.
func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// authenticate returns the request's session, or errAuthRequired. It ends
// sessions past their idle or absolute expiry, and records use at most
// once per touchEvery.
func (a *App) authenticate(r *http.Request) (*session, error) {
	c, err := r.Cookie(sessionCookie)
	if err != nil || len(c.Value) != 43 {
		return nil, errAuthRequired
	}
	h := hashToken(c.Value)
	row, ok, err := a.db.getSession(r.Context(), h)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errAuthRequired
	}
	now := a.clock.Now()
	idleEnd, maxEnd := row.Seen.Add(a.cfg.SessionIdle), row.Created.Add(a.cfg.SessionMax)
	if !now.Before(idleEnd) || !now.Before(maxEnd) {
		if err := a.db.deleteSession(r.Context(), h); err != nil {
			return nil, err
		}
		return nil, errAuthRequired
	}
	if now.Sub(row.Seen) >= touchEvery {
		if err := a.db.touchSession(r.Context(), h, now); err != nil {
			return nil, err
		}
	}
	setLogAgent(r.Context(), row.AgentID)
	return &session{AgentID: row.AgentID, Hash: h, Expires: maxEnd}, nil
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
	Username  string    `json:"username"`
	Admin     bool      `json:"admin"`
	ExpiresAt time.Time `json:"expires_at"`
}

// signIn checks the username and password through password.Service.Verify
// (throttled per agent) and starts a session. An unknown username, a wrong
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
	username, err := profile.ParseUsername(req.Username)
	if err == nil {
		if agentID, err = a.db.login(ctx, username); err != nil {
			return err
		}
	}
	if err := a.passwds.Verify(ctx, agentID, req.Password); err != nil {
		if errors.Is(err, password.ErrInvalid) || errors.Is(err, password.ErrNotFound) || errors.Is(err, password.ErrThrottled) {
			return errAuthFailed
		}
		return err
	}
	p, err := a.profiles.Get(ctx, agentID)
	if err != nil {
		return err
	}
	if p.Username != username { // the index is stale: the username moved on
		return errAuthFailed
	}
	now := a.clock.Now()
	_ = a.db.deleteExpiredSessions(ctx, now.Add(-a.cfg.SessionIdle), now.Add(-a.cfg.SessionMax))
	token, hash := newToken()
	if err := a.db.createSession(ctx, hash, agentID, now); err != nil {
		return err
	}
	s := &session{AgentID: agentID, Hash: hash, Expires: now.Add(a.cfg.SessionMax)}
	if _, err := a.tracker.Connect(ctx, agentID, s.presenceID()); err != nil {
		a.log.WarnContext(ctx, "presence connect failed", "request_id", requestID(ctx), "err", err.Error())
	}
	setLogAgent(ctx, agentID)
	a.setSessionCookie(w, r, token)
	writeJSON(w, http.StatusOK, sessionJSON{AgentID: agentID, Username: p.Username, Admin: isAdmin(p), ExpiresAt: s.Expires})
	return nil
}

// signOut ends the session.
func (a *App) signOut(w http.ResponseWriter, r *http.Request, s *session) error {
	if err := a.db.deleteSession(r.Context(), s.Hash); err != nil {
		return err
	}
	_, _ = a.tracker.Disconnect(r.Context(), s.AgentID, s.presenceID())
	a.broker.dropSessions(s.AgentID, []string{s.Hash})
	a.setSessionCookie(w, r, "")
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// currentSession describes the signed-in agent.
func (a *App) currentSession(w http.ResponseWriter, r *http.Request, s *session) error {
	p, err := a.profiles.Get(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, sessionJSON{AgentID: p.ID, Username: p.Username, Admin: isAdmin(p), ExpiresAt: s.Expires})
	return nil
}

// adminRole is the role that may use the admin routes.
const adminRole = "admin"

// isAdmin reports whether p may use the admin routes.
func isAdmin(p profile.Profile) bool { return p.Role == adminRole }
