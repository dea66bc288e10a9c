package natsfeed_test

import (
	"context"
	"io"
	"net"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/feed/feedtest"
	"github.com/convrs/profilekit/feed/natsfeed"
	"github.com/convrs/profilekit/internal/testenv"
)

// proxy forwards TCP connections to the NATS server, so that a test can
// drop them (Break) while the server runs on.
type proxy struct {
	ln     net.Listener
	target string

	mu    sync.Mutex
	conns []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	p := &proxy{ln: ln, target: target}
	t.Cleanup(func() { _ = ln.Close(); p.drop() })
	go p.serve()
	return p
}

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		s, err := net.Dial("tcp", p.target)
		if err != nil {
			_ = c.Close()
			continue
		}
		p.mu.Lock()
		p.conns = append(p.conns, c, s)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(s, c); _ = s.Close() }()
		go func() { _, _ = io.Copy(c, s); _ = c.Close() }()
	}
}

// drop closes every proxied connection.
func (p *proxy) drop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, c := range p.conns {
		_ = c.Close()
	}
	p.conns = nil
}

func TestTransport(t *testing.T) {
	u := testenv.NATS(t)
	server, err := url(u)
	require.NoError(t, err)
	proxies := map[feed.Transport]*proxy{}
	var mu sync.Mutex
	connect := func(t *testing.T, subject string) feed.Transport {
		p := newProxy(t, server)
		conn, err := nats.Connect("nats://"+p.ln.Addr().String(), nats.ReconnectWait(20*time.Millisecond), nats.MaxReconnects(-1))
		require.NoError(t, err)
		t.Cleanup(conn.Close)
		tr := natsfeed.New(conn, &natsfeed.Options{Subject: subject})
		mu.Lock()
		proxies[tr] = p
		mu.Unlock()
		return tr
	}
	feedtest.RunTransport(t, feedtest.Transports{
		Open: func(t *testing.T) (a, b feed.Transport) {
			subject := "profilekit.test." + testenv.Name(8)
			return connect(t, subject), connect(t, subject) // two instances, a connection each
		},
		Break: func(t *testing.T, tr feed.Transport) {
			mu.Lock()
			defer mu.Unlock()
			proxies[tr].drop()
		},
	})
}

// url returns the host:port of a nats:// URL.
func url(u string) (string, error) {
	opts := nats.GetDefaultOptions()
	opts.Url = u
	conn, err := opts.Connect()
	if err != nil {
		return "", err
	}
	defer conn.Close()
	return conn.ConnectedAddr(), nil
}

// TestClosedConnectionEndsSubscriptions: a connection closed for good ends
// the Feed's subscriptions with an error matching profilekit.ErrClosed.
func TestClosedConnectionEndsSubscriptions(t *testing.T) {
	conn, err := nats.Connect(testenv.NATS(t))
	require.NoError(t, err)
	f := feed.New(natsfeed.New(conn, &natsfeed.Options{Subject: "profilekit.test." + testenv.Name(8)}), nil)
	t.Cleanup(func() { _ = f.Close() })
	s, err := f.Subscribe(context.Background(), "ada")
	require.NoError(t, err)
	conn.Close()
	for range s.C() {
	}
	assert.ErrorIs(t, s.Err(), profilekit.ErrClosed)
	_, err = f.Subscribe(context.Background(), "ada")
	assert.ErrorIs(t, err, profilekit.ErrClosed, "a closed connection cannot listen again")
}

// wire is the wiring of the package documentation.
func wire(conn *nats.Conn, name string) *feed.Feed {
	t := natsfeed.New(conn, nil) // the application's *nats.Conn
	f := feed.New(t, &feed.Options{Instance: name})
	return f
}

var _ = wire
