package profilekit

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestValidationErrorMatchesErrInvalidAndItsCause(t *testing.T) {
	taken := NewError(CodeUsernameTaken, "profile: username taken")
	err := fmt.Errorf("profile: create: %w", &ValidationError{
		Domain: "profile",
		Fields: []FieldError{{Field: "username", Code: CodeUsernameTaken, Message: "is already taken"}},
		Cause:  taken,
	})
	assert.ErrorIs(t, err, ErrInvalid)
	assert.ErrorIs(t, err, taken)
	assert.Equal(t, CodeInvalid, CodeOf(err), "the outermost coded error decides the code")

	var verr *ValidationError
	require.ErrorAs(t, err, &verr)
	assert.True(t, verr.Has(CodeUsernameTaken))
	assert.Equal(t, []Code{CodeUsernameTaken}, verr.Codes())
	f, ok := verr.Field("username")
	assert.True(t, ok)
	assert.Equal(t, CodeUsernameTaken, f.Code)
	_, ok = verr.Field("name")
	assert.False(t, ok)
	assert.Equal(t, "profile: create: profile: invalid input: username: is already taken (username.taken)", err.Error())
}

func TestValidationErrorJSON(t *testing.T) {
	b, err := json.Marshal(&ValidationError{Domain: "presence", Fields: []FieldError{{Field: "agent_id", Code: CodeIDRequired, Message: "is required"}}, Cause: errors.New("x")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"fields":[{"field":"agent_id","code":"id.required","message":"is required"}]}`, string(b))

	b, err = json.Marshal(CheckID("agent_id", strings.Repeat("x", MaxIDLength+1)))
	require.NoError(t, err)
	assert.JSONEq(t, `{"field":"agent_id","code":"id.too_long","message":"must be at most 128 characters","params":{"max":128}}`, string(b))
}

func TestCodeOf(t *testing.T) {
	notFound := NewError(CodeProfileNotFound, "profile: not found")
	assert.Equal(t, CodeProfileNotFound, CodeOf(fmt.Errorf("sqlite: get: %w", notFound)))
	assert.Equal(t, Code(""), CodeOf(context.Canceled))
	assert.Equal(t, Code(""), CodeOf(nil))
	assert.Equal(t, CodeStoreClosed, CodeOf(fmt.Errorf("memory: %w", ErrClosed)))
	assert.Equal(t, "profile: not found", notFound.Error())
}

func TestCheckID(t *testing.T) {
	for _, id := range []string{"a", "agent-1", "e44e1c2a-9f5b-4c1b-8d2e-1a2b3c4d5e6f", strings.Repeat("x", MaxIDLength), "!~"} {
		assert.Nil(t, CheckID("agent_id", id), "%q", id)
	}
	cases := map[string]Code{
		"":                                 CodeIDRequired,
		strings.Repeat("x", MaxIDLength+1): CodeIDTooLong,
		"a b":                              CodeIDInvalidChars,
		"a\x00":                            CodeIDInvalidChars,
		"\xff":                             CodeIDInvalidChars,
		"é":                                CodeIDInvalidChars,
		"tab\t":                            CodeIDInvalidChars,
		"del\x7f":                          CodeIDInvalidChars,
	}
	for id, want := range cases {
		fe := CheckID("chat_id", id)
		if assert.NotNil(t, fe, "%q", id) {
			assert.Equal(t, want, fe.Code, "%q", id)
			assert.Equal(t, "chat_id", fe.Field)
			if want == CodeIDTooLong {
				assert.Equal(t, map[string]any{"max": MaxIDLength}, fe.Params)
			} else {
				assert.Nil(t, fe.Params)
			}
			if id != "" {
				assert.NotContains(t, fe.Message, id, "the message repeats the ID")
			}
		}
	}
}

type saved struct {
	EventMeta
	Version int64
}

func (saved) Kind() EventKind { return EventProfileSaved }

func TestObservers(t *testing.T) {
	var got []string
	rec := func(name string) Observer {
		return ObserverFunc(func(_ context.Context, e Event) {
			got = append(got, name+":"+e.Kind().String()+":"+e.Meta().AgentID)
		})
	}
	o := Observers(rec("a"), nil, rec("b"))
	o.Observe(context.Background(), saved{EventMeta: EventMeta{AgentID: "ag", At: time.Unix(1, 0)}, Version: 2})
	assert.Equal(t, []string{"a:profile.saved:ag", "b:profile.saved:ag"}, got)
}

func TestSystemClock(t *testing.T) {
	c := SystemClock()
	assert.WithinDuration(t, time.Now(), c.Now(), time.Minute)
	select {
	case <-c.After(0):
	case <-time.After(10 * time.Second):
		assert.Fail(t, "SystemClock().After(0) did not fire")
	}
}
