package pgnotify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/pgnotify"
)

// The Notifier checks the agent ID before it uses the pool, and reports
// it under its domain's name, notify's.
func TestValidationDomain(t *testing.T) {
	n, err := pgnotify.New(nil, nil)
	require.NoError(t, err)
	err = n.Notify(context.Background(), notify.Notification{})
	var verr *profilekit.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "notify", verr.Domain)
	assert.Equal(t, []profilekit.Code{profilekit.CodeIDRequired}, verr.Codes())
}
