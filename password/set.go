package password

import (
	"context"
	"errors"
	"fmt"
)

// Set gives the agent s.AgentID the password password without asking for
// the current one: the first password of a new agent, or a reset by an
// administrator. The embedding service must have authorised the caller.
//
// The Policy applies as for Change, and so does the history rule when it
// is on (the current password then counts as used too). Set fails with a
// *ValidationError listing every problem, each on Field "password", and
// with an error wrapping ErrConflict when the credential changed while Set
// ran. On success the failure count is cleared and the Observer receives a
// Changed event.
func (s *Service) Set(ctx context.Context, subject Subject, password string) error {
	id := subject.AgentID
	c, err := s.store.GetCredential(ctx, id)
	exists := err == nil
	if err != nil && !errors.Is(err, ErrNotFound) {
		return fmt.Errorf("password: set for %q: %w", id, err)
	}
	vs, prepared, err := s.policy.check(ctx, subject, password, "password")
	if err != nil {
		return fmt.Errorf("password: set for %q: %w", id, err)
	}
	if exists && prepared != "" && s.history > 0 {
		reused, err := s.reused(ctx, prepared, append([]string{c.Hash}, c.History...), s.history+1)
		if err != nil {
			return fmt.Errorf("password: set for %q: %w", id, err)
		}
		if reused {
			vs = append(vs, Violation{Field: "password", Code: CodeReused, Message: "Do not reuse one of the last passwords."})
		}
	}
	if len(vs) > 0 {
		return &ValidationError{Violations: vs}
	}
	hash, err := s.hasher.Hash(ctx, prepared)
	if err != nil {
		return fmt.Errorf("password: set for %q: %w", id, err)
	}
	next := Credential{AgentID: id, Hash: hash, ChangedAt: s.now(), Version: c.Version + 1}
	if exists {
		next.History = s.pushHistory(c.Hash, c.History)
	}
	if err := s.store.SetCredential(ctx, next, c.Version); err != nil {
		return fmt.Errorf("password: set for %q: %w", id, err)
	}
	s.notify(ctx, next)
	return nil
}
