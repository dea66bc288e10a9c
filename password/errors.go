package password

import (
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// ValidationError lists every reason why a password, a change or an agent
// ID was rejected. It is profilekit.ValidationError, the one validation
// error of every profilekit package: read it with errors.As, and its Fields
// with their Field (one of the Field constants) and Code (one of
// profilekit's CodePassword… and CodeID… constants). Its text names the
// fields and codes, never a password.
type ValidationError = profilekit.ValidationError

// FieldError is one rejected input of a *ValidationError; it is
// profilekit.FieldError.
type FieldError = profilekit.FieldError

// ErrInvalid reports that input was rejected. Every *ValidationError
// matches it with errors.Is; it is profilekit.ErrInvalid.
var ErrInvalid = profilekit.ErrInvalid

// The names of the inputs a *ValidationError of this package reports, in
// FieldError.Field: the lower-case snake words the example server's JSON
// uses for the Change password form.
const (
	// FieldAgentID is the agent's ID (Subject.AgentID, or the agentID
	// given to Verify) when it breaks profilekit's ID rule (CheckID).
	FieldAgentID = "agent_id"
	// FieldPassword is the password given to Policy.Validate, Service.Set
	// and Service.Verify.
	FieldPassword = "password"
	// FieldCurrent is ChangeRequest.Current.
	FieldCurrent = "current_password"
	// FieldNew is ChangeRequest.New.
	FieldNew = "new_password"
	// FieldRepeat is ChangeRequest.Repeat.
	FieldRepeat = "repeat_password"
	// FieldOnFailure is RangeOptions.OnFailure, a FailurePolicy given as
	// text.
	FieldOnFailure = "on_failure"
)

// Sentinel errors of the CredentialStore contract, of the Hasher and of the
// Service. Each is a *profilekit.Error with a code from profilekit's
// catalogue; check them with errors.Is, since adapters and the Service wrap
// them with detail, or read the code with profilekit.CodeOf.
var (
	// ErrNotFound reports that no credential is stored for the agent
	// (profilekit.CodeCredentialNotFound).
	ErrNotFound = profilekit.NewError(profilekit.CodeCredentialNotFound, "password: not found")
	// ErrConflict reports that a write was based on a stale version: the
	// credential changed since it was read
	// (profilekit.CodeCredentialConflict).
	ErrConflict = profilekit.NewError(profilekit.CodeCredentialConflict, "password: version conflict")
	// ErrIncorrect reports that a password checked against the stored one
	// is wrong (profilekit.CodePasswordIncorrect). Service.Change and
	// Service.Verify both return it as the Cause of a *ValidationError
	// whose field (FieldCurrent or FieldPassword) has
	// profilekit.CodePasswordIncorrect, so errors.Is(err, ErrIncorrect)
	// and errors.As with a *ValidationError both work on either.
	ErrIncorrect = profilekit.NewError(profilekit.CodePasswordIncorrect, "password: incorrect password")
	// ErrThrottled reports that an agent must wait before the next attempt
	// (profilekit.CodePasswordThrottled); the error wrapping it is a
	// *ThrottledError that says how long.
	ErrThrottled = profilekit.NewError(profilekit.CodePasswordThrottled, "password: too many failed attempts")
	// ErrMalformedHash reports that a stored hash is not a canonical PHC
	// argon2id string or bcrypt hash within the Hasher's bounds
	// (profilekit.CodeCredentialMalformed).
	ErrMalformedHash = profilekit.NewError(profilekit.CodeCredentialMalformed, "password: malformed hash")
	// ErrBlocklistUnavailable reports that a Blocklist could not answer,
	// for example because a breached-password service is unreachable
	// (profilekit.CodePasswordCheckUnavailable). Blocklists wrap it;
	// Policy.Validate turns it into a FieldError with
	// profilekit.CodePasswordCheckUnavailable.
	ErrBlocklistUnavailable = profilekit.NewError(profilekit.CodePasswordCheckUnavailable, "password: blocklist unavailable")
)

// incorrect returns the error of a wrong password given in field: a
// *ValidationError with profilekit.CodePasswordIncorrect whose Cause is
// ErrIncorrect.
func incorrect(field string) error {
	var c kit.Collector
	addIncorrect(&c, field)
	return c.Err(domain)
}

// addIncorrect records in c that the password given in field is wrong,
// with ErrIncorrect as the Cause.
func addIncorrect(c *kit.Collector, field string) {
	c.Because(ErrIncorrect)
	c.Add(FieldError{Field: field, Code: profilekit.CodePasswordIncorrect, Message: profilekit.CodePasswordIncorrect.Message()})
}

// domain names this package in its *ValidationError values (see
// profilekit.ValidationError.Domain).
const domain = "password"

// ThrottledError reports that an agent made too many wrong attempts and
// must wait. It wraps ErrThrottled; read it with errors.As.
type ThrottledError struct {
	// AgentID is the agent whose attempts are throttled.
	AgentID string
	// RetryAfter is how long the agent must wait before the next attempt.
	RetryAfter time.Duration
}

// Error says who is throttled, quoting at most a short prefix of the ID
// (storage/driver.QuoteID), and for how long.
func (e *ThrottledError) Error() string {
	return "password: agent " + kit.QuoteID(e.AgentID) + " has too many failed attempts, retry in " + e.RetryAfter.Round(time.Second).String()
}

// Code returns profilekit.CodePasswordThrottled.
func (e *ThrottledError) Code() profilekit.Code { return profilekit.CodePasswordThrottled }

// Unwrap returns ErrThrottled.
func (e *ThrottledError) Unwrap() error { return ErrThrottled }
