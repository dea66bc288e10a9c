package session

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/internal/stripe"
)

// Defaults of Options.
const (
	// DefaultIdleTimeout is how long a session lives unused, when
	// Options.IdleTimeout is zero.
	DefaultIdleTimeout = 30 * time.Minute
	// DefaultLifetime is how long a session lives at most, when
	// Options.Lifetime is zero.
	DefaultLifetime = 12 * time.Hour
	// DefaultTouchInterval is how often, at most, Lookup writes Seen,
	// when Options.TouchInterval is zero (and IdleTimeout is long enough;
	// see Options.TouchInterval).
	DefaultTouchInterval = time.Minute
)

// SweepBatch is how many expired sessions Sweep asks the Store to delete at
// once.
const SweepBatch = 500

// Options configures a Service. The zero value, and a nil *Options, give
// the defaults.
type Options struct {
	// IdleTimeout is how long a session lives without use: each Lookup
	// moves its IdleExpires to this long after the use (never past
	// Expires). Zero means DefaultIdleTimeout.
	IdleTimeout time.Duration
	// Lifetime is how long a session lives at most, used or not. Zero
	// means DefaultLifetime. An IdleTimeout longer than Lifetime is
	// Lifetime.
	Lifetime time.Duration
	// TouchInterval is how stale Seen may get before a Lookup writes it
	// again: most Lookups write nothing, and the idle expiry is exact to
	// this much. Zero means DefaultTouchInterval; either is cut to a
	// quarter of IdleTimeout, so that a session in use never idles out.
	TouchInterval time.Duration

	// Clock tells the time, for every instant the Service stores and
	// judges; the system clock when nil.
	Clock profilekit.Clock
	// Observer receives the Service's events (Created, Revoked), after
	// each change is stored and before the call that made it returns; nil
	// means none. Observer events are local to this Service; see
	// profilekit.Observer. The Service holds a lock while Observe runs
	// (that is how it keeps each agent's events in order; an agent shares
	// its lock with about 1 in 256 others), so Observe must return quickly
	// and must not call the Service, about any agent: hand slow work, or a
	// call back, to another goroutine.
	Observer profilekit.Observer
	// Instance names this service instance in the events it raises
	// (profilekit.EventMeta.Instance); "host:pid" when empty.
	Instance string
}

// Service keeps agents signed in: it creates sessions at sign-in, looks
// them up by token on every request, and revokes them (sign out, "sign
// out everywhere else" after a password change, an administrator).
//
// Tokens are 256 random bits from crypto/rand in unpadded base64url (43
// characters, safe in a cookie); the Store keeps only their SHA-256, looks
// sessions up by it (an index lookup on a hash, so its timing tells nothing
// about the token) and never sees a token. Tokens and hashes appear in no
// error, event, String, JSON or mock record.
//
// A Service is safe for concurrent use, across goroutines and across
// service instances that share a store: every rule is decided by the
// stored instants and the Store's atomic deletes. Every method checks the
// IDs it is given with profilekit.CheckID before the store sees them, and
// honours its context: when ctx ends it returns an error wrapping
// ctx.Err().
type Service struct {
	store    Store
	idle     time.Duration
	lifetime time.Duration
	touch    time.Duration
	clock    profilekit.Clock
	observer profilekit.Observer
	instance string
	locks    *stripe.Locks // nil without an observer
}

// New returns a Service that keeps sessions in store; opts may be nil.
func New(store Store, opts *Options) *Service {
	var o Options
	if opts != nil {
		o = *opts
	}
	s := &Service{
		store:    store,
		lifetime: cmp.Or(max(o.Lifetime, 0), DefaultLifetime),
		clock:    kit.Clock(o.Clock),
		observer: o.Observer,
		instance: kit.Instance(o.Instance),
	}
	s.idle = min(cmp.Or(max(o.IdleTimeout, 0), DefaultIdleTimeout), s.lifetime)
	s.touch = min(cmp.Or(max(o.TouchInterval, 0), DefaultTouchInterval), s.idle/4)
	if s.observer != nil {
		s.locks = stripe.New()
	}
	return s
}

// now returns the clock's time in UTC to the microsecond, as stores keep
// it.
func (s *Service) now() time.Time { return s.clock.Now().UTC().Truncate(time.Microsecond) }

// meta returns the EventMeta of an event about agentID at at.
func (s *Service) meta(agentID string, at time.Time) profilekit.EventMeta {
	return profilekit.EventMeta{AgentID: agentID, At: at, Instance: s.instance}
}

// tokenBytes is how many random bytes a token carries.
const tokenBytes = 32

// TokenLength is the length of every token Create returns: 32 bytes in
// unpadded base64url.
const TokenLength = 43

// tokenEncoding encodes tokens; Strict refuses a last character with bits
// that do not belong to the 32 bytes, so every token has one spelling.
var tokenEncoding = base64.RawURLEncoding.Strict()

// newToken returns a fresh token.
func newToken() string {
	var b [tokenBytes]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails
	return tokenEncoding.EncodeToString(b[:])
}

// newID returns a fresh session ID: 16 random bytes in hex, unrelated to
// the token.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// parseToken returns the Hash of token, or false when token cannot be one
// that Create returned: not TokenLength characters of base64url encoding
// exactly 32 bytes. Such a token reaches no store.
func parseToken(token string) (Hash, bool) {
	if len(token) != TokenLength {
		return Hash{}, false
	}
	var b [tokenBytes]byte
	if n, err := tokenEncoding.Decode(b[:], []byte(token)); err != nil || n != tokenBytes {
		return Hash{}, false
	}
	return HashToken(token), true
}

// idProblems applies profilekit's ID rule to the named IDs, field and
// value in turn, and records every problem in c.
func idProblems(c *kit.Collector, pairs ...string) {
	for i := 0; i+1 < len(pairs); i += 2 {
		c.Check("", profilekit.CheckID(pairs[i], pairs[i+1]))
	}
}

// checkIDs returns the *ValidationError of idProblems, or nil.
func checkIDs(pairs ...string) error {
	var c kit.Collector
	idProblems(&c, pairs...)
	return c.Err(domain)
}

// earlier returns the earlier of a and b.
func earlier(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// notFound is the error of a token or ID naming no live session; op names
// the Service method. It says nothing of why.
func notFound(op string) error { return fmt.Errorf("session: %s: %w", op, ErrNotFound) }

// Create starts a session for the agent, as at a successful sign-in, and
// returns its token, to hand to the agent's browser (an HttpOnly cookie),
// and the Session. The token is returned here only: the Store keeps its
// hash. It raises Created.
func (s *Service) Create(ctx context.Context, agentID string) (token string, sess Session, err error) {
	if err := checkIDs(FieldAgentID, agentID); err != nil {
		return "", Session{}, err
	}
	now := s.now()
	token = newToken()
	sess = Session{ID: newID(), AgentID: agentID, Created: now, Seen: now,
		IdleExpires: earlier(now.Add(s.idle), now.Add(s.lifetime)), Expires: now.Add(s.lifetime)}
	unlock := s.locks.Lock(agentID)
	defer unlock()
	if err := s.store.CreateSession(ctx, Record{Session: sess, Hash: HashToken(token)}); err != nil {
		return "", Session{}, err
	}
	kit.Notify(ctx, s.observer, Created{EventMeta: s.meta(agentID, now), Session: sess})
	return token, sess, nil
}

// Lookup returns the live session of token, as on every signed-in request.
// It fails with an error wrapping ErrNotFound for a malformed or unknown
// token and for a revoked or expired session, alike; an expired session
// it finds is deleted, raising Revoked with ReasonExpired. It records the
// use (Seen, and IdleExpires moved on) only when Seen is at least
// Options.TouchInterval old, so most Lookups only read.
func (s *Service) Lookup(ctx context.Context, token string) (Session, error) {
	hash, ok := parseToken(token)
	if !ok {
		return Session{}, notFound("lookup")
	}
	sess, err := s.store.GetSession(ctx, hash)
	if err != nil {
		return Session{}, err
	}
	now := s.now()
	if !sess.AliveAt(now) {
		if err := s.delete(ctx, sess.AgentID, []string{sess.ID}, ReasonExpired, now); err != nil && !errors.Is(err, ErrNotFound) {
			return Session{}, err
		}
		return Session{}, notFound("lookup")
	}
	if now.Sub(sess.Seen) < s.touch {
		return sess, nil
	}
	sess.Seen, sess.IdleExpires = now, earlier(now.Add(s.idle), sess.Expires)
	if err := s.store.UpdateSessionSeen(ctx, sess.AgentID, sess.ID, sess.Seen, sess.IdleExpires); err != nil {
		return Session{}, err // ErrNotFound: revoked meanwhile
	}
	return sess, nil
}

// delete deletes the agent's sessions ids, one by one, and raises one
// Revoked for those it deleted. It returns the first error, wrapping
// ErrNotFound when a session was already gone.
func (s *Service) delete(ctx context.Context, agentID string, ids []string, reason Reason, now time.Time) error {
	unlock := s.locks.Lock(agentID)
	defer unlock()
	var deleted []string
	var first error
	for _, id := range ids {
		if err := s.store.DeleteSession(ctx, agentID, id); err != nil {
			first = cmp.Or(first, err)
			continue
		}
		deleted = append(deleted, id)
	}
	s.revoked(ctx, agentID, deleted, reason, now)
	return first
}

// revoked raises Revoked for ids, unless there are none. The caller holds
// the agent's lock.
func (s *Service) revoked(ctx context.Context, agentID string, ids []string, reason Reason, now time.Time) {
	if len(ids) == 0 {
		return
	}
	ids = slices.Clone(ids)
	slices.Sort(ids)
	kit.Notify(ctx, s.observer, Revoked{EventMeta: s.meta(agentID, now), SessionIDs: ids, Reason: reason})
}

// Revoke ends the session of token: the agent signs out. It fails with an
// error wrapping ErrNotFound when the token names no session (an expired
// one it still deletes, and that is a success). It raises Revoked with
// ReasonSignOut.
func (s *Service) Revoke(ctx context.Context, token string) error {
	hash, ok := parseToken(token)
	if !ok {
		return notFound("revoke")
	}
	sess, err := s.store.GetSession(ctx, hash)
	if err != nil {
		return err
	}
	return s.delete(ctx, sess.AgentID, []string{sess.ID}, ReasonSignOut, s.now())
}

// RevokeByID ends the agent's session sessionID, as from a "where you're
// signed in" list (ReasonSignOut) or by an administrator (ReasonAdmin). It
// fails with an error wrapping ErrNotFound when the agent has no such
// session, and with a *ValidationError for a malformed ID or an unknown
// reason. It raises Revoked with reason.
func (s *Service) RevokeByID(ctx context.Context, agentID, sessionID string, reason Reason) error {
	if err := s.check(reason, FieldAgentID, agentID, FieldSessionID, sessionID); err != nil {
		return err
	}
	return s.delete(ctx, agentID, []string{sessionID}, reason, s.now())
}

// RevokeOthers ends every session of the agent except the one of
// keepToken ("sign out everywhere else", and what to do after a password
// change, with ReasonPasswordChanged) and returns how many it ended. It
// fails with an error wrapping ErrNotFound, ending nothing, when keepToken
// names no session of the agent. It raises one Revoked with reason when it
// ended any.
func (s *Service) RevokeOthers(ctx context.Context, agentID, keepToken string, reason Reason) (int, error) {
	if err := s.check(reason, FieldAgentID, agentID); err != nil {
		return 0, err
	}
	hash, ok := parseToken(keepToken)
	if !ok {
		return 0, notFound("revoke others")
	}
	keep, err := s.store.GetSession(ctx, hash)
	if err != nil {
		return 0, err
	}
	if keep.AgentID != agentID {
		return 0, notFound("revoke others")
	}
	return s.deleteAll(ctx, agentID, keep.ID, reason)
}

// RevokeAll ends every session of the agent, as when an administrator
// disables an account (ReasonAdmin) or resets its password
// (ReasonPasswordChanged), and returns how many it ended. It raises one
// Revoked with reason when it ended any.
func (s *Service) RevokeAll(ctx context.Context, agentID string, reason Reason) (int, error) {
	if err := s.check(reason, FieldAgentID, agentID); err != nil {
		return 0, err
	}
	return s.deleteAll(ctx, agentID, "", reason)
}

// check refuses IDs that break the ID rule and an unknown reason, all in
// one *ValidationError.
func (s *Service) check(reason Reason, ids ...string) error {
	var c kit.Collector
	idProblems(&c, ids...)
	if !reason.Valid() {
		c.Add(reasonProblem())
	}
	return c.Err(domain)
}

// deleteAll deletes the agent's sessions but keepID and raises Revoked.
func (s *Service) deleteAll(ctx context.Context, agentID, keepID string, reason Reason) (int, error) {
	unlock := s.locks.Lock(agentID)
	defer unlock()
	ids, err := s.store.DeleteSessions(ctx, agentID, keepID)
	if err != nil {
		return 0, err
	}
	s.revoked(ctx, agentID, ids, reason, s.now())
	return len(ids), nil
}

// List returns the agent's live sessions, oldest first, for a "where
// you're signed in" list; empty when there are none.
func (s *Service) List(ctx context.Context, agentID string) ([]Session, error) {
	if err := checkIDs(FieldAgentID, agentID); err != nil {
		return nil, err
	}
	return s.store.ListSessions(ctx, agentID, s.now())
}

// Sweep deletes every session expired now, SweepBatch at a time, and
// returns how many it deleted; call it from time to time (Lookup deletes
// the expired sessions it meets, but a session never presented again
// stays until swept). It raises one Revoked with ReasonExpired per agent
// and batch. On error it returns how many it had deleted.
func (s *Service) Sweep(ctx context.Context) (int, error) {
	n := 0
	for {
		now := s.now()
		gone, err := s.store.DeleteExpiredSessions(ctx, now, SweepBatch)
		if err != nil {
			return n, err
		}
		n += len(gone)
		byAgent := make(map[string][]string)
		var agents []string
		for _, g := range gone {
			if _, seen := byAgent[g.AgentID]; !seen {
				agents = append(agents, g.AgentID)
			}
			byAgent[g.AgentID] = append(byAgent[g.AgentID], g.ID)
		}
		for _, a := range agents {
			unlock := s.locks.Lock(a)
			s.revoked(ctx, a, byAgent[a], ReasonExpired, now)
			unlock()
		}
		if len(gone) < SweepBatch {
			return n, nil
		}
	}
}
