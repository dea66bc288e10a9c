package password

import "context"

// CredentialStore persists credential records. It is the part of a storage
// adapter that the password Service uses; storage.Store embeds it.
//
// Adapters only persist and load: the Service prepares and hashes
// passwords, counts failures and assigns versions and timestamps before it
// calls a CredentialStore.
//
// The Service checks every agent ID with profilekit.CheckID before it calls
// a CredentialStore, so an adapter sees only IDs of 1 to 128 visible ASCII
// characters. Errors must name the operation and quote the ID with
// storage/driver.QuoteID (at most a short prefix), wrapping the sentinels
// below: the Service returns them as they are.
//
// Every method must be safe for concurrent use, must honour ctx (a cancelled
// context returns an error that wraps ctx.Err()), and must neither keep nor
// share the values it is given or returns: a caller that changes a returned
// Credential, its History included, changes nothing stored.
type CredentialStore interface {
	// GetCredential returns the credential of the agent agentID. It must
	// fail with an error wrapping ErrNotFound when there is none.
	GetCredential(ctx context.Context, agentID string) (Credential, error)

	// SetCredential stores c as the credential of c.AgentID if, and only
	// if, the stored version equals expected; expected 0 means that no
	// credential may be stored yet. c.Version carries the new version,
	// which the Service sets to expected+1. It must fail with an error
	// wrapping ErrConflict when expected is 0 and a credential exists or
	// when the stored version differs from expected, and with one wrapping
	// ErrNotFound when expected is not 0 and there is no credential. The
	// check and the write must be atomic: of two writers that name the same
	// expected version, at most one succeeds. On failure nothing is
	// changed. Every field must round-trip exactly: History in order (nil
	// and empty alike come back empty), times in UTC to the microsecond,
	// the zero time as the zero time.
	SetCredential(ctx context.Context, c Credential, expected int64) error
}
