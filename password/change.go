package password

import (
	"context"
	"encoding/json"
	"fmt"
)

// ChangeRequest is the Change password form: the agent, the current
// password, the new one and its repetition. It holds secrets: String,
// GoString and MarshalJSON redact the passwords.
type ChangeRequest struct {
	// Subject is the agent and its context words (see Subject); the Policy
	// rejects new passwords that contain them.
	Subject Subject
	// Current is the password the agent has now.
	Current string
	// New is the password the agent wants.
	New string
	// Repeat is New typed a second time.
	Repeat string
}

// String describes r without its passwords.
func (r ChangeRequest) String() string {
	return fmt.Sprintf("password.ChangeRequest{Subject: %+v, Current: %s, New: %s, Repeat: %s}", r.Subject, redacted, redacted, redacted)
}

// GoString describes r without its passwords, for the %#v verb.
func (r ChangeRequest) GoString() string { return r.String() }

// MarshalJSON encodes r with its passwords redacted.
func (r ChangeRequest) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		Subject Subject `json:"subject"`
		Current string  `json:"current"`
		New     string  `json:"new"`
		Repeat  string  `json:"repeat"`
	}{r.Subject, redacted, redacted, redacted})
}

// Change changes the password of the agent r.Subject.AgentID.
//
// It fails with a *ThrottledError when the agent made too many wrong
// attempts recently; with a *ValidationError whose Violation has Field
// "current" and CodeIncorrect when the current password is wrong (the
// attempt counts towards throttling); and otherwise with a *ValidationError
// listing every problem with the new password: CodeMismatch on "repeat",
// CodeSameAsCurrent, CodeReused and the Policy's codes on "new". It fails
// with an error wrapping ErrNotFound when the agent has no password, and
// with one wrapping ErrConflict when another change of the same password
// was stored first: of two concurrent changes at most one wins. On any
// error the password is unchanged.
//
// On success the new hash is stored, the failure count cleared, and the
// Observer receives a Changed event.
func (s *Service) Change(ctx context.Context, r ChangeRequest) error {
	id := r.Subject.AgentID
	c, err := s.attempt(ctx, id)
	if err != nil {
		return err
	}
	ok, current, err := s.matches(ctx, r.Current, c.Hash)
	if err != nil {
		return fmt.Errorf("password: change for %q: %w", id, err)
	}
	if !ok {
		return &ValidationError{Violations: []Violation{{Field: "current", Code: CodeIncorrect, Message: "The current password is not correct."}}}
	}

	vs, prepared, err := s.newPasswordViolations(ctx, r, current, c.History)
	var hash string
	if err == nil && len(vs) == 0 {
		hash, err = s.hasher.Hash(ctx, prepared)
	}
	if err != nil || len(vs) > 0 {
		// The current password was right: the attempt must not count.
		if _, cerr := s.commit(ctx, c, clearFailures); cerr != nil && err == nil {
			err = cerr
		}
		if err != nil {
			return fmt.Errorf("password: change for %q: %w", id, err)
		}
		return &ValidationError{Violations: vs}
	}

	stored, err := s.commit(ctx, c, func(n *Credential) {
		n.History = s.pushHistory(n.Hash, n.History)
		n.Hash = hash
		n.ChangedAt = s.now()
		clearFailures(n)
	})
	if err != nil {
		return fmt.Errorf("password: change for %q: %w", id, err)
	}
	s.notify(ctx, stored)
	return nil
}

// newPasswordViolations checks the new password and its repetition, given
// the verified, prepared current password and the history.
func (s *Service) newPasswordViolations(ctx context.Context, r ChangeRequest, current string, history []string) ([]Violation, string, error) {
	vs, prepared, err := s.policy.check(ctx, r.Subject, r.New, "new")
	if err != nil {
		return nil, "", err
	}
	if prepared != "" && prepared == current {
		vs = append(vs, Violation{Field: "new", Code: CodeSameAsCurrent, Message: "The new password must differ from the current one."})
	} else if prepared != "" {
		reused, err := s.reused(ctx, prepared, history, s.history)
		if err != nil {
			return nil, "", err
		}
		if reused {
			vs = append(vs, Violation{Field: "new", Code: CodeReused, Message: "Do not reuse one of your last passwords."})
		}
	}
	repeat, _ := prepare(r.Repeat, s.policy.MaxLength()*bytesPerChar)
	if r.Repeat != r.New && (repeat == "" || repeat != prepared) {
		vs = append(vs, Violation{Field: "repeat", Code: CodeMismatch, Message: "The two new passwords differ."})
	}
	return vs, prepared, nil
}
