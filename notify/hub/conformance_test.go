package hub_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/notify/notifytest"
)

func TestNotifierConformance(t *testing.T) {
	notifytest.RunNotifier(t, func(t *testing.T) notifytest.NotifierHarness {
		h := hub.New(nil)
		t.Cleanup(func() { _ = h.Close() })
		return notifytest.NotifierHarness{
			Notifier: h,
			Receive: func(t *testing.T, agentID string) <-chan notify.Notification {
				s, err := h.Subscribe(context.Background(), agentID)
				require.NoError(t, err)
				t.Cleanup(func() { _ = s.Close() })
				return s.C()
			},
			Close: h.Close,
		}
	})
}
