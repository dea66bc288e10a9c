// Package password implements the Change password tab of the agent's My
// profile page: a password policy that follows NIST SP 800-63B (revision 4)
// for memorized secrets, argon2id hashing in the PHC string format, and the
// change-password flow with throttling, a version-checked write and a
// Changed event.
//
// # Policy
//
// Passwords are prepared with the PRECIS OpaqueString profile (RFC 8265), so
// the same password typed on different keyboards or in different Unicode
// normalisation forms verifies, and their length is counted in characters
// after preparation. Spaces and every printable Unicode character are
// allowed; there are no composition rules. A Policy rejects passwords that
// are too short (15 characters by default, 8 only when the agent uses a
// second factor) or too long, that appear on a Blocklist (a Wordlist in
// memory or a RangeClient for a k-anonymity breached-password service), that
// contain the agent's username, name, public name, e-mail parts or the
// product name, that are near-copies of the username, or that are repeats or
// sequences. Policy.Validate reports every reason at once as a
// *ValidationError whose Violations carry stable codes such as
// password.too_short and password.breached.
//
// # Hashing
//
// Argon2id hashes with argon2id from golang.org/x/crypto/argon2 and stores
// PHC strings ($argon2id$v=19$m=19456,t=2,p=1$salt$hash). Parameters read
// from a stored hash are bounded, so a tampered record cannot make one
// verification exhaust the process, and at most a fixed number of hashes run
// at once. It also verifies bcrypt hashes ($2a$, $2b$) so that existing users
// can be migrated; NeedsRehash reports them, and hashes with weaker
// parameters, so that the Service upgrades them on the next success.
//
// # The change flow
//
// Service.Change checks the current password, throttles wrong guesses per
// agent with exponential backoff, validates the new password against the
// Policy (and, optionally, the last N passwords), stores the new hash with a
// version check so that of two concurrent changes at most one wins, and
// then tells the embedding service's Observer with a Changed event that
// carries the agent ID and the time, never a secret.
//
// The failure counts live in the credential record, so throttling holds
// across every service instance that shares a store.
//
// # Secrets
//
// Passwords and hashes never appear in errors, and the types that hold them
// (ChangeRequest, Credential) redact them in String, GoString and
// MarshalJSON.
//
// # Storage
//
// The Service reads and writes credential records through a CredentialStore,
// which storage.Store embeds; storage/memory, storage/sqlite and
// storage/postgres implement it and storage/storagetest checks them. Mocks
// for consumers' tests are in password/passwordmock.
package password
