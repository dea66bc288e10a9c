package webhook

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/notify"
)

// TestDialTimeGuardRefusesANameThatResolvesInside stands for DNS
// rebinding: a name that was public when the Notifier was made resolves,
// when it connects, to this host ("localhost", from /etc/hosts). The
// default client refuses the connection, without retrying, and the
// receiver hears nothing.
func TestDialTimeGuardRefusesANameThatResolvesInside(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	t.Cleanup(srv.Close)
	u, err := url.Parse(srv.URL)
	require.NoError(t, err)

	n, err := New("https://hooks.example.com/hook", []byte("0123456789abcdef0123456789abcdef"), &Options{MinBackoff: time.Millisecond})
	require.NoError(t, err)
	n.url = "http://localhost:" + u.Port() + "/hook" // what the name resolves to now
	err = n.Notify(context.Background(), notify.Notification{AgentID: "a1", Kind: notify.NewMessage})
	var derr *DeliveryError
	require.ErrorAs(t, err, &derr)
	assert.ErrorIs(t, err, ErrForbiddenAddress)
	assert.Equal(t, 1, derr.Attempts, "a refused address is not retried")
	assert.Equal(t, profilekit.CodeURLForbiddenAddress, profilekit.CodeOf(err))
	assert.Zero(t, hits.Load())

	// With AllowInternal the same request is delivered.
	n, err = New(srv.URL, []byte("0123456789abcdef0123456789abcdef"), &Options{AllowInternal: true})
	require.NoError(t, err)
	n.url = "http://localhost:" + u.Port() + "/hook"
	require.NoError(t, n.Notify(context.Background(), notify.Notification{AgentID: "a1", Kind: notify.NewMessage}))
	assert.Equal(t, int32(1), hits.Load())
}

func TestGuardedClientUsesNoProxy(t *testing.T) {
	tr, ok := guarded.Transport.(*http.Transport)
	require.True(t, ok)
	assert.Nil(t, tr.Proxy, "a proxy's address is not the receiver's: the guard would check the wrong one")
	assert.True(t, errors.Is(guarded.CheckRedirect(nil, nil), http.ErrUseLastResponse))
}
