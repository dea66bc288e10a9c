package natsnotify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/natsnotify"
	"github.com/convrs/profilekit/notify/notifytest"
)

func TestNotifierConformance(t *testing.T) {
	url := testURL(t)
	notifytest.RunNotifier(t, func(t *testing.T) notifytest.NotifierHarness {
		opts := &natsnotify.Options{Prefix: prefix(t)}
		connA := connect(t, url, "instance-a")
		b := natsnotify.New(connect(t, url, "instance-b"), opts)
		return notifytest.NotifierHarness{
			Notifier: natsnotify.New(connA, opts),
			Receive: func(t *testing.T, agentID string) <-chan notify.Notification {
				ch := make(chan notify.Notification, 100)
				s, err := b.Subscribe(context.Background(), agentID, notify.NotifierFunc(func(_ context.Context, n notify.Notification) error {
					ch <- n
					return nil
				}))
				require.NoError(t, err)
				t.Cleanup(func() { _ = s.Close() })
				return ch
			},
			Close: func() error { connA.Close(); return nil },
		}
	})
}

func TestRelayConformance(t *testing.T) {
	url := testURL(t)
	notifytest.RunRelay(t, func(t *testing.T) notifytest.RelayHarness {
		opts := &natsnotify.Options{Prefix: prefix(t)}
		b := natsnotify.New(connect(t, url, "instance-b"), opts)
		return notifytest.RelayHarness{
			Notifier: natsnotify.New(connect(t, url, "instance-a"), opts),
			Relay: func(ctx context.Context, to notify.Notifier) (notifytest.Relay, error) {
				r, err := b.Relay(ctx, to)
				if err != nil {
					return nil, err
				}
				return r, nil
			},
		}
	})
}
