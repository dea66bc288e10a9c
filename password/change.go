package password

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
)

// ChangeRequest is the Change password form: the agent, the current
// password, the new one and its repetition. It holds secrets: String,
// GoString and MarshalJSON redact the passwords, whose JSON keys are the
// Field names (current_password, new_password, repeat_password).
//
// The redaction has one gap, which fmt imposes: fmt calls String and
// GoString only on values it reaches through exported fields. A struct
// that holds a ChangeRequest in an unexported field (or a pointer to a
// struct that does) prints its passwords in clear with %v, %+v and %#v.
// Keep such a field exported, or give the holder String and GoString
// methods of its own. Credential has the same gap.
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
		Current string  `json:"current_password"`
		New     string  `json:"new_password"`
		Repeat  string  `json:"repeat_password"`
	}{r.Subject, redacted, redacted, redacted})
}

// Change changes the password of the agent r.Subject.AgentID.
//
// It fails with a *ValidationError on FieldAgentID when the ID breaks
// profilekit's ID rule, and with a *ThrottledError when the current
// password is given but the agent made too many wrong attempts recently.
// Otherwise every problem of the request comes back at once, in one
// *ValidationError, whichever fields they are on:
//   - on FieldCurrent, profilekit.CodePasswordRequired when the current
//     password is empty (no attempt: it does not count towards
//     throttling), or profilekit.CodePasswordIncorrect when it is wrong (the
//     attempt counts; the error's Cause is then ErrIncorrect, as Verify's);
//   - on FieldNew, the Policy's codes, and, only once the current password
//     is verified, CodePasswordSameAsCurrent and CodePasswordReused (they
//     would tell someone without the password about the agent's
//     passwords);
//   - on FieldRepeat, profilekit.CodePasswordMismatch.
//
// A wrong current password costs what a right one does up to the answer
// that says which it is: the same hash to check it and the same Policy
// checks of the new password; only a verified one goes on to the history
// and to hashing the new password. It fails with an error wrapping
// ErrNotFound when the agent has no password, and with one wrapping
// ErrConflict when another change of the same password was stored first:
// of two concurrent changes at most one wins. On any error the password is
// unchanged.
//
// On success the new hash is stored, the failure count cleared, and the
// Observer receives a Changed event.
func (s *Service) Change(ctx context.Context, r ChangeRequest) error {
	id := r.Subject.AgentID
	if err := checkID(id); err != nil {
		return err
	}
	var problems kit.Collector
	var c Credential
	verified, current := false, ""
	if r.Current == "" {
		problems.Add(FieldError{Field: FieldCurrent, Code: profilekit.CodePasswordRequired, Message: profilekit.CodePasswordRequired.Message()})
	} else {
		var err error
		if c, err = s.attempt(ctx, id, ""); err != nil {
			return err
		}
		if verified, current, err = s.matches(ctx, r.Current, c.Hash); err != nil {
			return err
		}
		if !verified {
			addIncorrect(&problems, FieldCurrent)
		} else {
			s.clients.clear(keyOf(id, ""))
		}
	}

	prepared, err := s.newPasswordProblems(ctx, &problems, r, verified, current, c.History)
	if !verified {
		if err != nil {
			return err
		}
		return problems.Err(domain)
	}
	var hash string
	if err == nil && problems.Len() == 0 {
		hash, err = s.hasher.Hash(ctx, prepared)
	}
	if err != nil || problems.Len() > 0 {
		// The current password was right: the attempt must not count.
		if _, cerr := s.commit(ctx, c, clearFailures); cerr != nil && err == nil {
			err = cerr
		}
		if err != nil {
			return err
		}
		return problems.Err(domain)
	}

	unlock := s.locks.Lock(id)
	defer unlock()
	stored, err := s.commit(ctx, c, func(n *Credential) {
		n.History = s.pushHistory(n.Hash, n.History)
		n.Hash = hash
		n.ChangedAt = s.now()
		clearFailures(n)
	})
	if err != nil {
		return err
	}
	s.notify(ctx, stored)
	return nil
}

// newPasswordProblems records the problems of the new password and its
// repetition in c and returns the new password prepared. Only when the
// current password is verified (current is it prepared) does it compare
// the new one with it and with the history.
func (s *Service) newPasswordProblems(ctx context.Context, c *kit.Collector, r ChangeRequest, verified bool, current string, history []string) (string, error) {
	prepared, err := s.policy.check(ctx, c, r.Subject, r.New, FieldNew)
	if err != nil {
		return "", err
	}
	problem := func(field string, code profilekit.Code) {
		c.Add(FieldError{Field: field, Code: code, Message: code.Message()})
	}
	switch {
	case !verified || prepared == "":
	case prepared == current:
		problem(FieldNew, profilekit.CodePasswordSameAsCurrent)
	default:
		reused, err := s.reused(ctx, prepared, history, s.history)
		if err != nil {
			return "", err
		}
		if reused {
			problem(FieldNew, profilekit.CodePasswordReused)
		}
	}
	repeat, _ := prepare(r.Repeat, s.policy.MaxLength()*bytesPerChar)
	if r.Repeat != r.New && (repeat == "" || repeat != prepared) {
		problem(FieldRepeat, profilekit.CodePasswordMismatch)
	}
	return prepared, nil
}
