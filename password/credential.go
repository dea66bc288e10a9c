package password

import (
	"encoding/json"
	"fmt"
	"time"
)

// Credential is an agent's stored password record: the hash, earlier
// hashes for the history rule, the failure count used for throttling, and
// the bookkeeping a store needs.
//
// A Credential holds hashes, which are secrets: String, GoString and
// MarshalJSON redact them. As for ChangeRequest, fmt does not call them on
// a Credential held in an unexported field.
type Credential struct {
	// AgentID identifies the agent. It never changes.
	AgentID string
	// Hash is the current password's hash: an argon2id PHC string, or a
	// bcrypt hash imported from another system (replaced by argon2id on the
	// next successful verification).
	Hash string
	// History holds earlier hashes, newest first, as many as the Service's
	// Options.History asks for; it is empty when the history rule is off.
	History []string
	// FailedAttempts counts the attempts since the last correct password,
	// from every client; the Service throttles the agent on every client
	// once it reaches Options.AccountThrottle's Free. An
	// attempt counts from before the password is checked, so concurrent
	// guesses cannot slip through together.
	FailedAttempts int
	// LastFailure is when the last counted attempt started, in UTC to the
	// microsecond, or the zero time when FailedAttempts is 0.
	LastFailure time.Time
	// ChangedAt is when the password was last set, in UTC to the
	// microsecond.
	ChangedAt time.Time
	// Version counts the writes to this record, starting at 1. Every write
	// names the version it was based on; see CredentialStore.SetCredential.
	Version int64
}

// redacted replaces secrets in String, GoString and MarshalJSON.
const redacted = "[redacted]"

// String describes c without its hashes.
func (c Credential) String() string {
	return fmt.Sprintf("password.Credential{AgentID: %q, Hash: %s, History: %d %s, FailedAttempts: %d, LastFailure: %s, ChangedAt: %s, Version: %d}",
		c.AgentID, redacted, len(c.History), redacted, c.FailedAttempts,
		c.LastFailure.Format(time.RFC3339Nano), c.ChangedAt.Format(time.RFC3339Nano), c.Version)
}

// GoString describes c without its hashes, for the %#v verb.
func (c Credential) GoString() string { return c.String() }

// MarshalJSON encodes c with its hashes redacted.
func (c Credential) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct {
		AgentID        string    `json:"agent_id"`
		Hash           string    `json:"hash"`
		History        int       `json:"history_length"`
		FailedAttempts int       `json:"failed_attempts"`
		LastFailure    time.Time `json:"last_failure"`
		ChangedAt      time.Time `json:"changed_at"`
		Version        int64     `json:"version"`
	}{c.AgentID, redacted, len(c.History), c.FailedAttempts, c.LastFailure, c.ChangedAt, c.Version})
}
