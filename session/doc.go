// Package session keeps agents signed in: the sign-in sessions a service
// embedding the My profile page creates when an agent signs in, checks on
// every request, lists ("where you're signed in") and revokes (sign out,
// "sign out everywhere else" after a password change, an administrator).
//
// # Tokens
//
// Service.Create returns a token, 256 random bits from crypto/rand in
// unpadded base64url (43 characters), to put in an HttpOnly cookie, and the
// Session. The token is returned once: the Store keeps only its SHA-256
// (Hash), and every later call that takes a token hashes it and looks the
// session up by the hash, so the lookup's timing tells nothing about the
// token and a stolen table yields no usable token. A token that cannot be
// one Create returned (wrong length, not base64url) reaches no store.
// Tokens and hashes appear in no error, event, String, JSON or mock
// record; a Session holds neither, and may be shown, logged and sent.
//
// Each Session also has an ID, random and unrelated to the token, that is
// safe to show: the agent revokes a session from a list by its ID
// (RevokeByID), events name sessions by ID, and it can serve as the
// presence session of the sign-in.
//
//	sessions := session.New(store, &session.Options{IdleTimeout: 30 * time.Minute, Lifetime: 12 * time.Hour})
//	token, s, err := sessions.Create(ctx, "agent-ada") // after password.Service.Verify
//	if err != nil {
//		return err
//	}
//	fmt.Println(s.AgentID, len(token)) // agent-ada 43
//
// # Expiry
//
// A session ends Options.IdleTimeout after its last recorded use
// (IdleExpires) or Options.Lifetime after it was created (Expires),
// whichever comes first. Lookup records a use only when the last recorded
// one is at least Options.TouchInterval old, so most requests only read,
// and the idle expiry is exact to that much. Lookup refuses a malformed,
// unknown, revoked or expired token with the same error, wrapping
// ErrNotFound (profilekit.CodeSessionNotFound): the answer to each is
// "sign in again", and a caller cannot tell a once-valid token from a
// guess. An expired session Lookup meets is deleted; Sweep deletes the
// others, and should run from time to time.
//
// # Revoking
//
// Revoke ends the session of a token (signing out); RevokeByID one
// session of an agent by its ID; RevokeOthers every session of the agent
// but the caller's own (after a password change, with
// ReasonPasswordChanged); RevokeAll every session of the agent. Each
// delete is atomic in the Store, so a revoked session never comes back,
// even while a Lookup on another instance is recording its use.
//
// # Events
//
// Options.Observer receives Created when a session starts and Revoked
// (the session IDs and a Reason) when sessions end, after the change is
// stored and before the call returns, in order per agent. Both carry no
// token or hash and marshal to JSON, so they may travel to other
// instances: a server closes the live streams of a revoked session when
// Revoked arrives.
//
// # Stores
//
// The Service consumes a Store, which every storage adapter implements
// (storage/memory, storage/sqlite, storage/postgres) and
// storage/storagetest.RunSessionStore checks; sessionmock holds a moq mock
// of it.
//
// # Concurrency
//
// A Service is safe for concurrent use, across goroutines and across
// service instances sharing a store: every rule is decided by the stored
// instants and the Store's atomic writes, never by memory of the
// Service's own. Every method takes a context and returns an error
// wrapping ctx.Err() once it is done. New starts no goroutines.
package session
