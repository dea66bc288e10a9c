package password

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors of the CredentialStore contract, of the Hasher and of the
// Service. Check them with errors.Is: adapters and the Service wrap them
// with detail.
var (
	// ErrInvalid reports that a password or a change was rejected. Every
	// *ValidationError matches it with errors.Is; use errors.As to read the
	// violations and their codes.
	ErrInvalid = errors.New("password: rejected")
	// ErrNotFound reports that no credential is stored for the agent.
	ErrNotFound = errors.New("password: not found")
	// ErrConflict reports that a write was based on a stale version: the
	// credential changed since it was read.
	ErrConflict = errors.New("password: version conflict")
	// ErrIncorrect reports that a password given to Service.Verify is
	// wrong.
	ErrIncorrect = errors.New("password: incorrect password")
	// ErrThrottled reports that an agent must wait before the next attempt;
	// the error wrapping it is a *ThrottledError that says how long.
	ErrThrottled = errors.New("password: too many failed attempts")
	// ErrMalformedHash reports that a stored hash is not a PHC argon2id
	// string or bcrypt hash within the Hasher's bounds.
	ErrMalformedHash = errors.New("password: malformed hash")
	// ErrBlocklistUnavailable reports that a Blocklist could not answer,
	// for example because a breached-password service is unreachable.
	// Blocklists wrap it; Policy.Validate turns it into a Violation with
	// CodeBreachCheckUnavailable.
	ErrBlocklistUnavailable = errors.New("password: blocklist unavailable")
)

// Violation is one reason why a password or a change was rejected.
type Violation struct {
	// Field names the input at fault: "password" for Policy.Validate, and
	// "current", "new" or "repeat" for Service.Change.
	Field string `json:"field"`
	// Code is stable and machine-readable, one of the Code constants.
	Code string `json:"code"`
	// Message explains the problem to the agent, in English. It never
	// contains the password.
	Message string `json:"message"`
}

// ValidationError lists every reason why a password or a change was
// rejected. Read it with errors.As. Its text names the codes, never a
// password.
type ValidationError struct {
	// Violations holds one entry per problem, in a stable order.
	Violations []Violation `json:"violations"`
}

// Error lists the fields and codes of the violations.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("password: rejected:")
	for i, v := range e.Violations {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s (%s)", v.Field, v.Code)
	}
	return b.String()
}

// Is reports whether target is ErrInvalid.
func (e *ValidationError) Is(target error) bool { return target == ErrInvalid }

// Has reports whether one of the violations has the given code.
func (e *ValidationError) Has(code string) bool {
	for _, v := range e.Violations {
		if v.Code == code {
			return true
		}
	}
	return false
}

// Codes returns the codes of the violations, in order.
func (e *ValidationError) Codes() []string {
	codes := make([]string, len(e.Violations))
	for i, v := range e.Violations {
		codes[i] = v.Code
	}
	return codes
}

// ThrottledError reports that an agent made too many wrong attempts and
// must wait. It wraps ErrThrottled; read it with errors.As.
type ThrottledError struct {
	// AgentID is the agent whose attempts are throttled.
	AgentID string
	// RetryAfter is how long the agent must wait before the next attempt.
	RetryAfter time.Duration
}

// Error says who is throttled and for how long.
func (e *ThrottledError) Error() string {
	return fmt.Sprintf("password: agent %q has too many failed attempts, retry in %s", e.AgentID, e.RetryAfter.Round(time.Second))
}

// Code returns CodeThrottled.
func (e *ThrottledError) Code() string { return CodeThrottled }

// Unwrap returns ErrThrottled.
func (e *ThrottledError) Unwrap() error { return ErrThrottled }
