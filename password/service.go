package password

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/stripe"
)

// maxRetries bounds how often the Service re-reads a credential after a
// version conflict caused by bookkeeping (failure counts) rather than by a
// password change.
const maxRetries = 16

// Options configures a Service. The zero value, and a nil *Options, give
// the defaults.
type Options struct {
	// Policy checks new passwords. Nil means NewPolicy(nil): 15 to 128
	// characters, context words and repetition, and no blocklist. Give it
	// blocklists (a Wordlist of common passwords, a RangeClient) to follow
	// NIST fully.
	Policy *Policy
	// Hasher hashes and verifies passwords. Nil means NewArgon2id(nil).
	Hasher Hasher
	// History is how many earlier passwords an agent may not reuse, on top
	// of the current one. Zero turns the rule off and keeps no old hashes.
	History int
	// Throttle slows down guessing of a password per agent and client
	// (Service.VerifyFrom's client, "" for Verify and Change): after
	// Throttle.Free failures of that pair (DefaultThrottleFree), that
	// client waits, with exponential backoff, while others may still
	// try. The counts are kept by this Service, in memory, so each service
	// instance counts its own; AccountThrottle bounds the sum.
	Throttle Throttle
	// AccountThrottle slows down guessing of an agent's password from all
	// clients together: its Free defaults to DefaultAccountThrottleFree
	// (100), its other fields as Throttle's. The count lives in the
	// credential record, so it holds across every service instance that
	// shares the store.
	AccountThrottle Throttle
	// MaxClients caps how many (agent, client) pairs the per-client
	// throttle tracks; DefaultMaxClients when zero. When it is full, a new
	// pair makes room by forgetting one that failed long ago.
	MaxClients int

	// Clock tells the time, for throttling, for the ChangedAt of stored
	// credentials and for events; the system clock when nil.
	Clock profilekit.Clock
	// Observer receives the Service's events (Changed, from Change and
	// Set), after each change is stored and before the call that made it
	// returns; nil means none. Observer events are local to this Service;
	// see profilekit.Observer. The Service holds a lock while Observe runs
	// (that is how it keeps each agent's events in order; an agent shares its
	// lock with about 1 in 256 others), so Observe must return quickly and
	// must not call the Service, about any agent: hand slow work, or a call
	// back, to another goroutine.
	Observer profilekit.Observer
	// Instance names this service instance in the events it raises
	// (profilekit.EventMeta.Instance); kit.DefaultInstance()
	// ("host:pid") when empty.
	Instance string
}

// Service implements the Change password tab: it checks current
// passwords with throttling, applies the Policy to new ones, stores hashes
// with a version check and reports changes to an Observer. It also verifies
// passwords at sign-in, upgrading old hashes on success.
//
// Every method checks the agent ID with profilekit.CheckID before the store
// sees it, and refuses an invalid one with a *ValidationError on
// FieldAgentID. Errors quote at most a short prefix of an ID.
//
// A Service is safe for concurrent use, across goroutines and across
// service instances that share a store: the account-wide failure counts
// live in the credential records, the per-client ones in each Service's
// memory (see Options.Throttle). Every method honours its context: when ctx ends, it
// stops waiting (for the store, a hash slot or a blocklist) and returns an
// error wrapping ctx.Err().
type Service struct {
	store    CredentialStore
	policy   *Policy
	hasher   Hasher
	history  int
	throttle Throttle // per agent and client
	account  Throttle // per agent
	clients  *clients
	clock    profilekit.Clock
	observer profilekit.Observer
	instance string
	locks    *stripe.Locks // nil without an observer
}

// New returns a Service that keeps credentials in store; opts may be nil.
func New(store CredentialStore, opts *Options) *Service {
	var o Options
	if opts != nil {
		o = *opts
	}
	s := &Service{
		store:    store,
		policy:   o.Policy,
		hasher:   o.Hasher,
		history:  max(o.History, 0),
		throttle: o.Throttle, // Wait applies the defaults
		account:  o.AccountThrottle.account(),
		clients:  newClients(o.MaxClients),
		clock:    kit.Clock(o.Clock),
		observer: o.Observer,
		instance: cmp.Or(o.Instance, kit.DefaultInstance()),
	}
	if s.policy == nil {
		s.policy = NewPolicy(nil)
	}
	if s.hasher == nil {
		s.hasher = NewArgon2id(nil)
	}
	if s.observer != nil {
		s.locks = stripe.New()
	}
	return s
}

// Policy returns the Policy the Service applies, for checking a password
// as the agent types it.
func (s *Service) Policy() *Policy { return s.policy }

// now returns the clock's time in UTC to the microsecond, as stores keep it.
func (s *Service) now() time.Time {
	return s.clock.Now().UTC().Truncate(time.Microsecond)
}

// checkID applies profilekit's ID rule to an agent ID.
func checkID(agentID string) error {
	if fe := profilekit.CheckID(FieldAgentID, agentID); fe != nil {
		return kit.Invalid(domain, *fe)
	}
	return nil
}

// attempt reads the agent's credential, refuses with a *ThrottledError when
// the agent must wait, and otherwise counts the attempt as failed before
// the password is checked, so that concurrent guesses are counted one by
// one. It returns the credential as stored after counting. Store errors
// come back as the store gave them: they name the operation and the ID.
//
// The attempt counts twice: for the pair (agentID, client) under
// Options.Throttle, in this Service's memory, first; then for the agent
// under Options.AccountThrottle, in the store. Either may refuse it.
func (s *Service) attempt(ctx context.Context, agentID, client string) (Credential, error) {
	if wait := s.clients.attempt(keyOf(agentID, client), s.throttle, s.now()); wait > 0 {
		return Credential{}, &ThrottledError{AgentID: agentID, RetryAfter: wait}
	}
	var err error
	for range maxRetries {
		var c Credential
		c, err = s.store.GetCredential(ctx, agentID)
		if err != nil {
			return Credential{}, err
		}
		now := s.now()
		if wait := s.account.retryAfter(c.FailedAttempts, c.LastFailure, now); wait > 0 {
			return Credential{}, &ThrottledError{AgentID: agentID, RetryAfter: wait}
		}
		next := c
		next.FailedAttempts++
		next.LastFailure = now
		next.Version = c.Version + 1
		err = s.store.SetCredential(ctx, next, c.Version)
		if err == nil {
			return next, nil
		}
		if !errors.Is(err, ErrConflict) {
			return Credential{}, err
		}
	}
	return Credential{}, fmt.Errorf("password: count attempt: gave up after %d conflicts: %w", maxRetries, err)
}

// commit applies change to c and stores it. When another writer got in
// first but the password hash is still the one the caller verified (only
// bookkeeping changed), it re-reads and tries again; when the hash changed
// it fails with an error wrapping ErrConflict.
func (s *Service) commit(ctx context.Context, c Credential, change func(*Credential)) (Credential, error) {
	verified := c.Hash
	var err error
	for range maxRetries {
		next := c
		next.History = append([]string(nil), c.History...)
		change(&next)
		next.Version = c.Version + 1
		err = s.store.SetCredential(ctx, next, c.Version)
		if err == nil {
			return next, nil
		}
		if !errors.Is(err, ErrConflict) {
			return Credential{}, err
		}
		c, err = s.store.GetCredential(ctx, c.AgentID)
		if err != nil {
			return Credential{}, err
		}
		if c.Hash != verified {
			return Credential{}, fmt.Errorf("password: agent %s: password changed concurrently: %w", kit.QuoteID(c.AgentID), ErrConflict)
		}
	}
	return Credential{}, fmt.Errorf("password: store: gave up after %d conflicts: %w", maxRetries, err)
}

// clearFailures resets the failure count after a correct password.
func clearFailures(c *Credential) {
	c.FailedAttempts = 0
	c.LastFailure = time.Time{}
}

// matches reports whether password, as typed, matches encoded. It prepares
// password first; for a bcrypt hash imported from a system that hashed the
// raw input, it also tries the input as typed when preparation changed it.
func (s *Service) matches(ctx context.Context, password, encoded string) (bool, string, error) {
	prepared, code := prepare(password, s.policy.MaxLength()*bytesPerChar)
	if code != "" || prepared == "" {
		return false, "", nil
	}
	ok, err := s.hasher.Verify(ctx, prepared, encoded)
	if err != nil {
		return false, "", err
	}
	if !ok && prepared != password && isBcrypt(encoded) {
		ok, err = s.hasher.Verify(ctx, password, encoded)
		if err != nil {
			return false, "", err
		}
	}
	return ok, prepared, nil
}

// reused reports whether prepared matches one of the first limit hashes in
// history. Unusable hashes are skipped.
func (s *Service) reused(ctx context.Context, prepared string, history []string, limit int) (bool, error) {
	for _, h := range history[:min(len(history), limit)] {
		ok, err := s.hasher.Verify(ctx, prepared, h)
		if err != nil && ctx.Err() != nil {
			return false, fmt.Errorf("password: history: %w", ctx.Err())
		}
		if ok {
			return true, nil
		}
	}
	return false, nil
}

// pushHistory returns history with old in front, cut to the Service's
// History; nil when the rule is off.
func (s *Service) pushHistory(old string, history []string) []string {
	if s.history == 0 {
		return nil
	}
	out := append([]string{old}, history...)
	return out[:min(len(out), s.history)]
}

// notify raises a Changed event for c, if there is an observer. The caller
// holds the agent's lock.
func (s *Service) notify(ctx context.Context, c Credential) {
	if s.observer != nil {
		kit.Notify(ctx, s.observer, Changed{profilekit.EventMeta{AgentID: c.AgentID, At: c.ChangedAt, Instance: s.instance}})
	}
}
