package pgnotify_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/internal/testenv"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/notify/notifytest"
	"github.com/convrs/profilekit/notify/pgnotify"
)

func TestNotifierConformance(t *testing.T) {
	testenv.Postgres(t)
	notifytest.RunNotifier(t, func(t *testing.T) notifytest.NotifierHarness {
		opts := &pgnotify.Options{Channel: channel()}
		poolA := pool(t)
		hubB := hub.New(nil)
		relay, err := newNotifier(t, pool(t), opts).Relay(context.Background(), hubB)
		require.NoError(t, err)
		t.Cleanup(func() { _ = relay.Close() })
		return notifytest.NotifierHarness{
			Notifier: newNotifier(t, poolA, opts),
			Receive: func(t *testing.T, agentID string) <-chan notify.Notification {
				s, err := hubB.Subscribe(context.Background(), agentID)
				require.NoError(t, err)
				t.Cleanup(func() { _ = s.Close() })
				return s.C()
			},
			Close: func() error { poolA.Close(); return nil },
		}
	})
}

func TestRelayConformance(t *testing.T) {
	testenv.Postgres(t)
	notifytest.RunRelay(t, func(t *testing.T) notifytest.RelayHarness {
		opts := &pgnotify.Options{Channel: channel()}
		b := newNotifier(t, pool(t), opts)
		return notifytest.RelayHarness{
			Notifier: newNotifier(t, pool(t), opts),
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
