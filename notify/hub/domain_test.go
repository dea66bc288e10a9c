package hub_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify/hub"
)

// A hub reports bad input under its domain's name, notify's.
func TestValidationDomain(t *testing.T) {
	_, err := hub.New(nil).Subscribe(context.Background(), "a 1")
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "notify", verr.Domain)
	assert.Equal(t, "notify: invalid input: agent_id: may contain only visible ASCII characters, without spaces (id.invalid_chars)", err.Error())
}
