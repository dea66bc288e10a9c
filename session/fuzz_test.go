package session_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/session/sessionmock"
)

// FuzzLookup feeds arbitrary tokens to Lookup and Revoke. A token that
// cannot be one Create returned (not 43 characters of base64url encoding
// 32 bytes) must be refused with ErrNotFound before any store sees it; any
// other is looked up by its hash and, unknown, refused alike; nothing
// panics, and no error holds the token. The seed corpus is in
// testdata/fuzz/FuzzLookup.
func FuzzLookup(f *testing.F) {
	f.Add("")
	f.Add(strings.Repeat("A", session.TokenLength))
	f.Add(strings.Repeat("_", session.TokenLength))
	f.Add(strings.Repeat("A", session.TokenLength-1) + "B")
	f.Fuzz(func(t *testing.T, token string) {
		ctx := context.Background()
		var asked int
		m := &sessionmock.StoreMock{
			GetSessionFunc: func(_ context.Context, h session.Hash) (session.Session, error) {
				asked++
				if !h.Equal(session.HashToken(token)) {
					t.Errorf("looked up another hash than the token's")
				}
				return session.Session{}, session.ErrNotFound
			},
		}
		svc := session.New(m, &session.Options{Clock: newFakeClock()})
		_, err := svc.Lookup(ctx, token)
		if err == nil || !isNotFound(err) {
			t.Fatalf("Lookup(%q) = %v, want ErrNotFound", token, err)
		}
		if len(token) >= 8 && strings.Contains(err.Error(), token) { // a short one may be any word
			t.Fatalf("the error holds the token: %v", err)
		}
		if err := svc.Revoke(ctx, token); !isNotFound(err) {
			t.Fatalf("Revoke(%q) = %v, want ErrNotFound", token, err)
		}
		wellFormed := len(token) == session.TokenLength && canonical(token)
		if wellFormed != (asked == 2) || (!wellFormed && asked != 0) {
			t.Fatalf("token %q (well formed %v) reached the store %d times", token, wellFormed, asked)
		}
	})
}

// isNotFound reports whether err wraps session.ErrNotFound.
func isNotFound(err error) bool {
	for e := err; e != nil; {
		if e == session.ErrNotFound {
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

// canonical reports whether token, of TokenLength characters, is base64url
// whose last character carries no stray bits, written here without the
// encoding package: 43 characters hold 258 bits, 2 more than 32 bytes, so
// the low 2 bits of the last character are 0.
func canonical(token string) bool {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	for i := range len(token) {
		if strings.IndexByte(alphabet, token[i]) < 0 {
			return false
		}
	}
	return strings.IndexByte(alphabet, token[len(token)-1])&0x3 == 0
}

// TestFuzzSeedsRoundTrip: a token Create returned passes the parser the
// fuzz test checks against.
func TestFuzzSeedsRoundTrip(t *testing.T) {
	f := newFixture(t)
	for range 100 {
		token, _ := f.create(t, "ada")
		if !canonical(token) {
			t.Fatalf("Create returned a token the parser refuses: %q", token)
		}
		f.clock.Advance(time.Second)
	}
}
