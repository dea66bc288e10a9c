package password

import (
	"context"
	"errors"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
)

// Set gives the agent s.AgentID the password password without asking for
// the current one: the first password of a new agent, or a reset by an
// administrator. The embedding service must have authorised the caller.
//
// The Policy applies as for Change, and so does the history rule when it
// is on (the current password then counts as used too). Set fails with a
// *ValidationError on FieldAgentID when the ID breaks profilekit's ID rule
// (the store is not called), with one listing every problem of the
// password, each on FieldPassword, and with an error wrapping ErrConflict
// when the credential changed while Set ran. On success the failure count
// is cleared and the Observer receives a Changed event.
func (s *Service) Set(ctx context.Context, subject Subject, password string) error {
	id := subject.AgentID
	if err := checkID(id); err != nil {
		return err
	}
	c, err := s.store.GetCredential(ctx, id)
	exists := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return err
	}
	var problems kit.Collector
	prepared, err := s.policy.check(ctx, &problems, subject, password, FieldPassword)
	if err != nil {
		return err
	}
	if exists && prepared != "" && s.history > 0 {
		reused, err := s.reused(ctx, prepared, append([]string{c.Hash}, c.History...), s.history+1)
		if err != nil {
			return err
		}
		if reused {
			code := profilekit.CodePasswordReused
			problems.Add(FieldError{Field: FieldPassword, Code: code, Message: code.Message()})
		}
	}
	if err := problems.Err(domain); err != nil {
		return err
	}
	hash, err := s.hasher.Hash(ctx, prepared)
	if err != nil {
		return err
	}
	next := Credential{AgentID: id, Hash: hash, ChangedAt: s.now(), Version: c.Version + 1}
	if exists {
		next.History = s.pushHistory(c.Hash, c.History)
	}
	unlock := s.locks.Lock(id)
	defer unlock()
	if err := s.store.SetCredential(ctx, next, c.Version); err != nil {
		return err
	}
	s.notify(ctx, next)
	return nil
}
