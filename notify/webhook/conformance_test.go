package webhook_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/notifytest"
	"github.com/convrs/profilekit/notify/webhook"
)

// agents is a webhook receiver that verifies each delivery and hands it to
// the channel of its agent.
type agents struct {
	verifier webhook.Verifier
	mu       sync.Mutex
	chans    map[string]chan notify.Notification
}

func (a *agents) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	n, err := a.verifier.Receive(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	a.mu.Lock()
	ch := a.chans[n.AgentID]
	a.mu.Unlock()
	if ch != nil {
		ch <- n
	}
	w.WriteHeader(http.StatusNoContent)
}

func TestNotifierConformance(t *testing.T) {
	notifytest.RunNotifier(t, func(t *testing.T) notifytest.NotifierHarness {
		recv := &agents{verifier: webhook.Verifier{Secret: secret}, chans: map[string]chan notify.Notification{}}
		srv := httptest.NewServer(recv)
		t.Cleanup(srv.Close)
		n, err := webhook.New(srv.URL, secret, fast())
		require.NoError(t, err)
		return notifytest.NotifierHarness{
			Notifier: n,
			Receive: func(t *testing.T, agentID string) <-chan notify.Notification {
				ch := make(chan notify.Notification, 100)
				recv.mu.Lock()
				recv.chans[agentID] = ch
				recv.mu.Unlock()
				return ch
			},
		}
	})
}
