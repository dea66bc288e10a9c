package session_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/session"
)

func TestReasonText(t *testing.T) {
	for _, r := range []session.Reason{session.ReasonSignOut, session.ReasonPasswordChanged, session.ReasonAdmin, session.ReasonExpired} {
		assert.True(t, r.Valid())
		text, err := r.MarshalText()
		require.NoError(t, err)
		assert.Equal(t, r.String(), string(text))
		back, err := session.ParseReason(string(text))
		require.NoError(t, err)
		assert.Equal(t, r, back)
	}
	for _, bad := range []string{"", "Sign_Out", "sign_out ", "logout"} {
		_, err := session.ParseReason(bad)
		var verr *session.ValidationError
		require.ErrorAs(t, err, &verr, "%q", bad)
		assert.Equal(t, []profilekit.Code{profilekit.CodeRevokeReasonUnknown}, verr.Codes())
		assert.Equal(t, session.FieldReason, verr.Fields[0].Field)
		_, err = session.Reason(bad).MarshalText()
		assert.ErrorIs(t, err, session.ErrInvalid)
	}
	var v struct {
		Reason session.Reason `json:"reason"`
	}
	require.NoError(t, json.Unmarshal([]byte(`{"reason":"admin"}`), &v))
	assert.Equal(t, session.ReasonAdmin, v.Reason)
	assert.ErrorIs(t, json.Unmarshal([]byte(`{"reason":"nope"}`), &v), session.ErrInvalid)
}
