package password_test

import (
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
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
	assert.Equal(t, profilekit.CodePasswordThrottled, te.Code())
	assert.Equal(t, profilekit.CodePasswordThrottled, profilekit.CodeOf(te))
	ve := kit.Invalid("password", password.FieldError{Field: password.FieldNew, Code: profilekit.CodePasswordTooShort, Message: "must have at least 15 characters"})
	j, err := json.Marshal(ve)
	require.NoError(t, err)
	assert.JSONEq(t, `{"fields":[{"field":"new_password","code":"password.too_short","message":"must have at least 15 characters"}]}`, string(j))
}

// TestThrottledErrorQuotesAShortPrefixOfTheID: a throttled agent's error
// names the agent by a short prefix only (issue 9, item 5).
func TestThrottledErrorQuotesAShortPrefixOfTheID(t *testing.T) {
	id := strings.Repeat("x", profilekit.MaxIDLength)
	te := &password.ThrottledError{AgentID: id, RetryAfter: time.Second}
	assert.NotContains(t, te.Error(), id)
	assert.Contains(t, te.Error(), kit.QuoteID(id))
}

// TestUnexportedFieldBypassesRedaction documents the gap ChangeRequest's
// doc comment describes: fmt does not call String on a value inside an
// unexported field.
func TestUnexportedFieldBypassesRedaction(t *testing.T) {
	type form struct{ req password.ChangeRequest }
	type exported struct{ Req password.ChangeRequest }
	r := password.ChangeRequest{Subject: ada, Current: "current-secret-1"}
	assert.Contains(t, fmt.Sprintf("%+v", form{r}), "current-secret-1", "the documented gap")
	assert.NotContains(t, fmt.Sprintf("%+v", exported{r}), "current-secret-1")
	assert.NotContains(t, fmt.Sprintf("%#v", exported{r}), "current-secret-1")
}
