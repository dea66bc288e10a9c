package natsnotify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/natsnotify"
)

// The Notifier checks the agent ID before it uses the connection, and
// reports it under its domain's name, notify's.
func TestValidationDomain(t *testing.T) {
	err := natsnotify.New(nil, nil).Notify(context.Background(), notify.Notification{AgentID: "a 1"})
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "notify", verr.Domain)
	assert.Equal(t, []profilekit.Code{profilekit.CodeIDInvalidChars}, verr.Codes())
}
