package password_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
)

func TestSecretsAreRedacted(t *testing.T) {
	const cur, next, hash, old = "current-secret-1", "new-secret-2", "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5", "$2b$10$oldhasholdhash"
	req := password.ChangeRequest{Subject: ada, Current: cur, New: next, Repeat: next}
	cred := password.Credential{AgentID: "a1", Hash: hash, History: []string{old}, FailedAttempts: 2,
		LastFailure: time.Date(2026, 1, 2, 3, 4, 5, 6000, time.UTC), Version: 7}
	secrets := []string{cur, next, hash, old, "c2FsdHNhbHQ", "a2V5a2V5", "oldhash"}

	values := map[string]any{
		"ChangeRequest": req, "*ChangeRequest": &req,
		"Credential": cred, "*Credential": &cred,
		"Nested": struct {
			R password.ChangeRequest
			C []password.Credential
		}{req, []password.Credential{cred}},
	}
	for name, v := range values {
		t.Run(name, func(t *testing.T) {
			var outputs []string
			for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
				outputs = append(outputs, fmt.Sprintf(verb, v))
			}
			hexed := fmt.Sprintf("%x", v)
			for _, s := range secrets {
				assert.NotContains(t, hexed, hex.EncodeToString([]byte(s)))
			}
			j, err := json.Marshal(v)
			require.NoError(t, err)
			outputs = append(outputs, string(j))
			for _, out := range outputs {
				for _, s := range secrets {
					assert.NotContains(t, out, s)
				}
				assert.Contains(t, out, "a1", "the agent ID is still shown")
			}
		})
	}
	assert.Contains(t, cred.String(), "[redacted]")
	assert.Contains(t, req.GoString(), "[redacted]")
}

func TestErrorsNeverHoldSecrets(t *testing.T) {
	te := &password.ThrottledError{AgentID: "a1", RetryAfter: 1500 * time.Millisecond}
	assert.Equal(t, `password: agent "a1" has too many failed attempts, retry in 2s`, te.Error())
	ve := &password.ValidationError{Violations: []password.Violation{{Field: "new", Code: password.CodeTooShort, Message: "Use at least 15 characters."}}}
	j, err := json.Marshal(ve)
	require.NoError(t, err)
	assert.JSONEq(t, `{"violations":[{"field":"new","code":"password.too_short","message":"Use at least 15 characters."}]}`, string(j))
}
