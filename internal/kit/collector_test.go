package kit

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
)

func TestInvalid(t *testing.T) {
	assert.NoError(t, Invalid("profile"))
	err := Invalid("password", profilekit.FieldError{Field: "new_password", Code: profilekit.CodePasswordTooShort, Message: "is too short"})
	assert.ErrorIs(t, err, profilekit.ErrInvalid)
	assert.Equal(t, "password: invalid input: new_password: is too short (password.too_short)", err.Error())
}

func TestCollector(t *testing.T) {
	var c Collector
	assert.NoError(t, c.Err("presence"), "nothing collected")
	assert.True(t, c.Check("agent_id", nil))
	assert.False(t, c.Check("agent_id", profilekit.CheckID("id", "")), "a problem")
	c.Addf("capacity", profilekit.CodeCapacityOutOfRange, Params{"min": 0, "max": 10}, "must be between %d and %d", 0, 10)
	c.Add(profilekit.FieldError{Field: "reason", Code: profilekit.CodeTextTooLong, Message: "is too long"})
	assert.False(t, c.Check("", &profilekit.FieldError{Field: "kept", Code: profilekit.CodeIDRequired, Message: "is required"}))
	assert.Equal(t, 4, c.Len())

	err := c.Err("presence")
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "presence", verr.Domain)
	assert.Equal(t, []profilekit.FieldError{
		{Field: "agent_id", Code: profilekit.CodeIDRequired, Message: "is required"},
		{Field: "capacity", Code: profilekit.CodeCapacityOutOfRange, Message: "must be between 0 and 10", Params: Params{"min": 0, "max": 10}},
		{Field: "reason", Code: profilekit.CodeTextTooLong, Message: "is too long"},
		{Field: "kept", Code: profilekit.CodeIDRequired, Message: "is required"},
	}, verr.Fields)
	assert.NoError(t, verr.Unwrap())
}

func TestCollectorCause(t *testing.T) {
	taken := errors.New("store: username taken")
	var c Collector
	c.Because(taken)
	assert.NoError(t, c.Err("profile"), "a cause alone is no problem")
	c.Add(profilekit.FieldError{Field: "username", Code: profilekit.CodeUsernameTaken, Message: "is already taken"})
	err := c.Err("profile")
	assert.ErrorIs(t, err, taken)
	assert.ErrorIs(t, err, profilekit.ErrInvalid)
}
