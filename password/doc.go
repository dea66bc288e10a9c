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
// memory, a Compounds that also refuses two of its entries strung together
// with a repeat or a sequence, or a RangeClient for a k-anonymity
// breached-password service; password/commonpasswords embeds a list of
// common passwords), that
// contain the agent's username, name, public name, e-mail parts or the
// product name, that are near-copies of the username, or that are repeats or
// sequences.
//
// # Errors
//
// Every rejection is a *ValidationError, the one validation error of
// profilekit (profilekit.ValidationError; this package's name is an alias),
// listing every problem at once. Each FieldError names the input in
// FieldError.Field with one of the Field constants, in the snake case the
// example server's JSON uses:
//
//   - FieldPassword ("password"): the password given to Policy.Validate,
//     Service.Set and Service.Verify;
//   - FieldCurrent ("current_password"), FieldNew ("new_password") and
//     FieldRepeat ("repeat_password"): the fields of a ChangeRequest;
//   - FieldAgentID ("agent_id"): an agent ID that breaks profilekit's one
//     ID rule (profilekit.CheckID), refused before any store sees it.
//
// Codes are profilekit's constants (profilekit.CodePasswordTooShort,
// CodePasswordBreached, CodePasswordIncorrect, CodeIDTooLong, …), listed
// with their English messages in the catalogue. A wrong password is the
// same error from Change and Verify: a *ValidationError with
// CodePasswordIncorrect on FieldCurrent or FieldPassword whose Cause is
// ErrIncorrect, so errors.Is(err, ErrIncorrect) and errors.As work on
// both. The sentinels (ErrNotFound, ErrConflict, ErrIncorrect, ErrThrottled,
// ErrMalformedHash, ErrBlocklistUnavailable) are *profilekit.Error values
// with codes, and a *ThrottledError says how long to wait; so
// profilekit.CodeOf maps any error of this package to a code. Errors quote
// at most a short prefix of an agent ID (storage/driver.QuoteID).
//
// # Hashing
//
// Argon2id hashes with argon2id from golang.org/x/crypto/argon2 and stores
// PHC strings ($argon2id$v=19$m=19456,t=2,p=1$salt$hash). A stored hash must
// be canonical: Go's base64 decoder skips line breaks, so the parser refuses
// any byte outside the base64 alphabet (and non-zero trailing bits), and a
// hash with a line break inserted is ErrMalformedHash rather than a second
// spelling of the same hash. Parameters read from a stored hash are bounded
// by what the Hasher writes plus headroom (DefaultArgon2idBounds: 64 MiB, 4
// iterations, 4 lanes, bcrypt cost 12), so a tampered record costs at most
// a few ordinary verifications, and at most a fixed number of hashes run at
// once. Argon2id also verifies bcrypt hashes ($2a$, $2b$) so that existing
// users can be migrated; NeedsRehash reports them, and hashes with weaker
// parameters, so that the Service upgrades them on the next success.
//
// # The change flow
//
// Service.Change checks the current password, throttles wrong guesses
// with exponential backoff (see Throttle), validates the new password against the
// Policy (and, optionally, the last N passwords), stores the new hash with a
// version check so that of two concurrent changes at most one wins, and
// then raises a Changed event (see Events). A refused change lists every
// field's problems at once: an empty current password (required) or a
// wrong one (incorrect) beside the new password's and its repetition's.
//
// # Throttling
//
// Wrong passwords slow down guessing without handing an attacker a denial
// of service (NIST SP 800-63B, 5.2.2): Service.VerifyFrom counts failures
// per agent and client address (Options.Throttle: 5 free, then waits from
// 1 s doubling to 15 min), so an attacker hammering a named agent waits
// while she signs in from elsewhere, and per agent over every client
// (Options.AccountThrottle: 100 free, then the same backoff) against
// guesses spread over many addresses. Neither is a lockout: a wait ends,
// and attempts made while waiting are refused without counting.
//
// The account count lives in the credential record, so it holds across
// every service instance that shares a store; the per-client counts live
// in each Service's memory (at most Options.MaxClients pairs). Behind a
// reverse proxy, pass the client address the proxy reports to
// VerifyFrom, not the proxy's own (ClientFromAddr explains): with one
// address for every sign-in, the per-client throttle becomes one
// throttle for everyone again.
//
// # Events
//
// With Options.Observer set, a Service raises Changed
// (profilekit.EventPasswordChanged) after Change or Set stores a password,
// carrying the agent ID, the time and the instance, never a secret;
// upgrading a hash at sign-in raises none. Events are raised after the
// change is stored and before the call returns, in the order of the
// changes for each agent. They are local to the instance that made the
// change; a feed.Feed as the Observer carries them to every instance.
//
// # Secrets
//
// Passwords and hashes never appear in errors, and the types that hold them
// (ChangeRequest, Credential) redact them in String, GoString and
// MarshalJSON. fmt calls those methods only through exported fields: a
// struct that holds a ChangeRequest or a Credential in an unexported field
// prints the secrets, so keep such fields exported or redact the holder
// too. The mocks in password/passwordmock record secrets in redacting types
// (passwordmock.Secret), so printing their call records shows none.
//
// # Storage
//
// The Service reads and writes credential records through a CredentialStore,
// which storage.Store embeds; storage/memory, storage/sqlite and
// storage/postgres implement it and storage/storagetest checks them. Mocks
// for consumers' tests are in password/passwordmock.
package password
