package password

import (
	"context"
	"errors"
)

// noSuchAgent is what Verify hashes for an agent it cannot look up, to
// spend the time a real verification takes.
const noSuchAgent = "profilekit: no such agent"

// Verify checks password for the agent agentID at sign-in. It returns nil
// when the password is correct; when it is not (the attempt counts towards
// throttling), a *ValidationError whose one FieldError is on FieldPassword
// with profilekit.CodePasswordIncorrect and whose Cause is ErrIncorrect, the
// same error Change returns for a wrong current password; a
// *ThrottledError when the agent must wait; an error wrapping ErrNotFound
// when the agent has no password; and a *ValidationError on FieldAgentID
// when agentID breaks profilekit's ID rule (the store is not called). For
// an unknown agent and for an invalid ID alike it spends the time of one
// hash before it fails, so that response times do not tell which agents
// exist.
//
// On success the failure count is cleared and, when the Hasher says the
// stored hash needs it (a bcrypt hash, or weaker argon2id parameters), the
// hash is replaced by a new one of the same password. That upgrade is
// stored only if the password did not change meanwhile; it raises no
// Changed event.
func (s *Service) Verify(ctx context.Context, agentID, password string) error {
	return s.VerifyFrom(ctx, agentID, "", password)
}

// VerifyFrom is Verify for a sign-in from client: a key naming where the
// attempt comes from, such as ClientFromAddr of the request's address.
// Wrong passwords are throttled per (agentID, client) under
// Options.Throttle, so an attacker hammering an agent's account from one
// address waits while the agent signs in from another, and per agent from
// every client together under Options.AccountThrottle, whose ceiling is
// far higher (DefaultAccountThrottleFree), against guesses spread over
// many addresses. Both back off exponentially; neither locks the account.
// A correct password clears the pair's count and the agent's.
//
// The per-client counts are this Service's, in memory: each service
// instance counts its own, and the account count, in the store, bounds
// them all. Behind a reverse proxy pass the client address the proxy
// reports, not the proxy's (see ClientFromAddr); with one key for every
// sign-in the per-client throttle is one throttle for all.
func (s *Service) VerifyFrom(ctx context.Context, agentID, client, password string) error {
	if err := checkID(agentID); err != nil {
		s.spendHash(ctx)
		return err
	}
	c, err := s.attempt(ctx, agentID, client)
	if errors.Is(err, ErrNotFound) {
		s.spendHash(ctx)
	}
	if err != nil {
		return err
	}
	ok, prepared, err := s.matches(ctx, password, c.Hash)
	if err != nil {
		return err
	}
	if !ok {
		return incorrect(FieldPassword)
	}
	s.clients.clear(keyOf(agentID, client))
	upgraded := ""
	if s.hasher.NeedsRehash(c.Hash) {
		if upgraded, err = s.hasher.Hash(ctx, prepared); err != nil {
			return err
		}
	}
	_, err = s.commit(ctx, c, func(n *Credential) {
		clearFailures(n)
		if upgraded != "" {
			n.Hash = upgraded
		}
	})
	return err
}

// spendHash spends the time of a verification, so that response times do
// not tell which agents exist.
func (s *Service) spendHash(ctx context.Context) {
	_, _ = s.hasher.Hash(ctx, noSuchAgent)
}
