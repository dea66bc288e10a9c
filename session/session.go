package session

import (
	"crypto/sha256"
	"crypto/subtle"
	"fmt"
	"io"
	"time"
)

// Session is one sign-in of an agent, as the Service returns it. It holds
// no secret: the token that proves the sign-in is returned once, by
// Service.Create, and a Store keeps only its Hash. A Session may be shown
// to the agent ("where you're signed in"), logged and put in events.
type Session struct {
	// ID names the session, for listing it and for revoking it without
	// its token (Service.RevokeByID). It is random, not derived from the
	// token, follows profilekit.CheckID and is safe to show; it can serve
	// as the presence session ID of the sign-in.
	ID string `json:"id"`
	// AgentID is the agent who signed in.
	AgentID string `json:"agent_id"`
	// Created is when the agent signed in, in UTC to the microsecond.
	Created time.Time `json:"created"`
	// Seen is when the session was last recorded in use, in UTC to the
	// microsecond. The Service writes it at most once per
	// Options.TouchInterval, so it may lag the last use by that much.
	Seen time.Time `json:"seen"`
	// IdleExpires is when the session ends unless it is used again:
	// Seen plus Options.IdleTimeout, never after Expires.
	IdleExpires time.Time `json:"idle_expires"`
	// Expires is when the session ends however much it is used: Created
	// plus Options.Lifetime.
	Expires time.Time `json:"expires"`
}

// AliveAt reports whether the session is alive at now: now is before both
// IdleExpires and Expires. A session is dead at its expiry instant.
func (s Session) AliveAt(now time.Time) bool {
	return now.Before(s.IdleExpires) && now.Before(s.Expires)
}

// Record is a session as a Store keeps it: the Session and the Hash of its
// token. It prints, and encodes as JSON, with the Hash redacted.
type Record struct {
	Session
	// Hash is the SHA-256 of the session's token.
	Hash Hash `json:"hash"`
}

// redacted is what a Hash prints.
const redacted = "[redacted]"

// Hash is the SHA-256 of a session token: what a Store keeps in place of
// the token, and looks a session up by. Tokens carry 256 random bits, so
// a plain hash is enough: a stolen table yields no usable token.
//
// A Hash is a secret all the same. Every fmt verb, String, GoString, JSON
// and text encoding print "[redacted]", and its bytes are held in a
// function, which fmt prints as an address even where it cannot call these
// methods (inside an unexported field, such as a mock's call records).
// Bytes gives the 32 bytes to an adapter. Hashes are not comparable with
// ==; use Equal.
//
// The zero Hash is the hash of nothing: IsZero reports it, and the Service
// never passes one to a Store.
type Hash struct {
	sum func() [sha256.Size]byte
}

// HashToken returns the Hash of token.
func HashToken(token string) Hash {
	sum := sha256.Sum256([]byte(token))
	return Hash{sum: func() [sha256.Size]byte { return sum }}
}

// Bytes returns a copy of the hash's 32 bytes, or nil for the zero Hash.
func (h Hash) Bytes() []byte {
	if h.sum == nil {
		return nil
	}
	b := h.sum()
	return b[:]
}

// IsZero reports whether h is the zero Hash.
func (h Hash) IsZero() bool { return h.sum == nil }

// Equal reports whether h and o are the same hash, in constant time.
func (h Hash) Equal(o Hash) bool {
	if h.sum == nil || o.sum == nil {
		return h.sum == nil && o.sum == nil
	}
	a, b := h.sum(), o.sum()
	return subtle.ConstantTimeCompare(a[:], b[:]) == 1
}

// String returns "[redacted]".
func (Hash) String() string { return redacted }

// GoString returns "[redacted]", for the %#v verb.
func (Hash) GoString() string { return redacted }

// Format writes "[redacted]" for every verb and flag.
func (Hash) Format(f fmt.State, _ rune) { _, _ = io.WriteString(f, redacted) }

// MarshalJSON returns the JSON string "[redacted]".
func (Hash) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// MarshalText returns "[redacted]", for encoders that use text.
func (Hash) MarshalText() ([]byte, error) { return []byte(redacted), nil }
