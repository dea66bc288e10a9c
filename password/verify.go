package password

import (
	"context"
	"errors"
	"fmt"
)

// Verify checks password for the agent agentID at sign-in. It returns nil
// when the password is correct, an error wrapping ErrIncorrect when it is
// not (the attempt counts towards throttling), a *ThrottledError when the
// agent must wait, and an error wrapping ErrNotFound when the agent has no
// password. For an unknown agent it spends the time of one hash before it
// fails, so that response times do not tell which agents exist.
//
// On success the failure count is cleared and, when the Hasher says the
// stored hash needs it (a bcrypt hash, or weaker argon2id parameters), the
// hash is replaced by a new one of the same password. That upgrade is
// stored only if the password did not change meanwhile; it sends no
// Changed event.
func (s *Service) Verify(ctx context.Context, agentID, password string) error {
	c, err := s.attempt(ctx, agentID)
	if errors.Is(err, ErrNotFound) {
		// Spend the time of a verification, so that response times do not
		// tell which agents exist.
		_, _ = s.hasher.Hash(ctx, "profilekit: no such agent")
	}
	if err != nil {
		return err
	}
	ok, prepared, err := s.matches(ctx, password, c.Hash)
	if err != nil {
		return fmt.Errorf("password: verify %q: %w", agentID, err)
	}
	if !ok {
		return fmt.Errorf("password: verify %q: %w", agentID, ErrIncorrect)
	}
	upgraded := ""
	if s.hasher.NeedsRehash(c.Hash) {
		if upgraded, err = s.hasher.Hash(ctx, prepared); err != nil {
			return fmt.Errorf("password: verify %q: rehash: %w", agentID, err)
		}
	}
	_, err = s.commit(ctx, c, func(n *Credential) {
		clearFailures(n)
		if upgraded != "" {
			n.Hash = upgraded
		}
	})
	if err != nil {
		return fmt.Errorf("password: verify %q: %w", agentID, err)
	}
	return nil
}
