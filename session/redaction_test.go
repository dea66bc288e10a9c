package session_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/session/sessionmock"
)

// secretForms returns every spelling of token and its hash a leak could
// take.
func secretForms(token string) []string {
	h := session.HashToken(token).Bytes()
	return []string{token, hex.EncodeToString(h), base64.StdEncoding.EncodeToString(h),
		base64.RawURLEncoding.EncodeToString(h), fmt.Sprint(h), fmt.Sprintf("%v", [32]byte(h)), string(h)}
}

// printings returns v printed every way a test or a log might, %v, %+v
// and %#v first, and JSON last unless v has none.
func printings(t *testing.T, v any) []string {
	t.Helper()
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"} {
		out = append(out, fmt.Sprintf(verb, v))
	}
	if j, err := json.Marshal(v); err == nil {
		out = append(out, string(j))
	}
	return out
}

func TestHashIsRedacted(t *testing.T) {
	const token = "a-known-token-value-for-the-redaction-test"
	h := session.HashToken(token)
	r := session.Record{Session: session.Session{ID: "s1", AgentID: "a1", Created: start}, Hash: h}
	type inner struct{ r session.Record } // fmt cannot call methods here
	values := map[string]any{
		"Hash": h, "*Hash": &h, "Record": r, "*Record": &r, "[]Record": []session.Record{r},
		"unexported": inner{r}, "*unexported": &inner{r},
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			for _, out := range printings(t, v) {
				for _, secret := range secretForms(token) {
					assert.NotContains(t, out, secret)
				}
			}
		})
	}
	assert.Equal(t, "[redacted]", h.String())
	assert.Equal(t, "[redacted]", h.GoString())
	assert.Contains(t, fmt.Sprintf("%+v", r), "a1", "the rest of the record still prints")
	text, err := h.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "[redacted]", string(text))
}

func TestHash(t *testing.T) {
	a, b := session.HashToken("x"), session.HashToken("x")
	assert.True(t, a.Equal(b))
	assert.False(t, a.Equal(session.HashToken("y")))
	assert.False(t, a.Equal(session.Hash{}))
	assert.True(t, session.Hash{}.Equal(session.Hash{}))
	assert.True(t, session.Hash{}.IsZero())
	assert.Nil(t, session.Hash{}.Bytes())
	assert.Len(t, a.Bytes(), 32)
	a.Bytes()[0] ^= 0xff
	assert.True(t, a.Equal(b), "Bytes returns a copy")
}

// TestMockCallRecordsHoldNoSecret uses the mock through the Service, then
// prints its call records, and the mock itself, every way a test might.
func TestMockCallRecordsHoldNoSecret(t *testing.T) {
	ctx := context.Background()
	var stored session.Record
	m := &sessionmock.StoreMock{
		CreateSessionFunc: func(_ context.Context, r session.Record) error { stored = r; return nil },
		GetSessionFunc: func(_ context.Context, h session.Hash) (session.Session, error) {
			if h.Equal(stored.Hash) {
				return stored.Session, nil
			}
			return session.Session{}, session.ErrNotFound
		},
		DeleteSessionFunc: func(context.Context, string, string) error { return nil },
	}
	svc := session.New(m, &session.Options{Clock: newFakeClock()})
	token, s, err := svc.Create(ctx, "a1")
	require.NoError(t, err)
	got, err := svc.Lookup(ctx, token)
	require.NoError(t, err)
	assert.Equal(t, s, got)
	require.NoError(t, svc.Revoke(ctx, token))

	require.Len(t, m.CreateSessionCalls(), 1)
	assert.True(t, m.CreateSessionCalls()[0].R.Hash.Equal(session.HashToken(token)), "the store is given the token's hash")
	for _, v := range []any{m, m.CreateSessionCalls(), m.GetSessionCalls(), m.DeleteSessionCalls()} {
		for _, out := range printings(t, v) {
			for _, secret := range secretForms(token) {
				assert.NotContains(t, out, secret)
			}
		}
	}
}

// TestEventsAndErrorsHoldNoSecret: the events of a session's life marshal
// to JSON with its ID and without its token or hash, and read back; errors
// never hold a token.
func TestEventsAndErrorsHoldNoSecret(t *testing.T) {
	ctx := context.Background()
	f := newFixture(t)
	token, s := f.create(t, "ada")
	_, err := f.svc.RevokeOthers(ctx, "ada", token+"x", session.ReasonPasswordChanged)
	require.Error(t, err)
	for _, secret := range secretForms(token) {
		assert.NotContains(t, err.Error(), secret)
	}
	require.NoError(t, f.svc.Revoke(ctx, token))
	events := f.events.Events()
	require.Len(t, events, 2)
	for _, e := range events {
		outs := printings(t, e)
		for _, out := range outs {
			for _, secret := range secretForms(token) {
				assert.NotContains(t, out, secret)
			}
		}
		for _, out := range append(outs[:3], outs[len(outs)-1]) {
			assert.Contains(t, out, s.ID)
		}
	}
	j, err := json.Marshal(events[1])
	require.NoError(t, err)
	assert.JSONEq(t, fmt.Sprintf(`{"agent_id":"ada","at":%q,"instance":"test-1","session_ids":[%q],"reason":"sign_out"}`,
		start.Format(time.RFC3339Nano), s.ID), string(j))
	var back session.Revoked
	require.NoError(t, json.Unmarshal(j, &back))
	assert.Equal(t, events[1], back)
	j, err = json.Marshal(events[0])
	require.NoError(t, err)
	var created session.Created
	require.NoError(t, json.Unmarshal(j, &created))
	assert.Equal(t, events[0], created)
}
