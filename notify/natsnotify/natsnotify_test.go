package natsnotify_test

import (
	"context"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/testenv"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/notify/natsnotify"
	"github.com/convrs/profilekit/notify/notifytest"
	"github.com/convrs/profilekit/storage/memory"
)

// testURL returns the NATS server's URL, or skips t when none is set.
func testURL(t testing.TB) string {
	t.Helper()
	return testenv.NATS(t)
}

// connect opens a connection named for one instance that reconnects
// quickly and for ever, and closes it when t ends.
func connect(t testing.TB, url, name string, opts ...nats.Option) *nats.Conn {
	t.Helper()
	opts = append([]nats.Option{nats.Name(name), nats.MaxReconnects(-1), nats.ReconnectWait(20 * time.Millisecond)}, opts...)
	c, err := nats.Connect(url, opts...)
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

// prefix returns a subject prefix of t's own, so that tests sharing a
// server do not see each other's messages.
func prefix(t testing.TB) string {
	return "profilekit.test." + strconv.FormatInt(time.Now().UnixNano(), 36)
}

func waitCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func TestInstanceAToInstanceB(t *testing.T) {
	url := testURL(t)
	ctx := waitCtx(t)
	opts := &natsnotify.Options{Prefix: prefix(t)}
	a := natsnotify.New(connect(t, url, "instance-a"), opts)
	connB := connect(t, url, "instance-b")
	b := natsnotify.New(connB, opts)

	// Instance B relays NATS into its hub; a session of a1 on B subscribes.
	hubB := hub.New(nil)
	relay, err := b.Relay(ctx, hubB)
	require.NoError(t, err)
	defer relay.Close()
	session, err := hubB.Subscribe(ctx, "a1")
	require.NoError(t, err)
	require.NoError(t, connB.Flush()) // the relay's subscription has reached the server

	p := notify.Preferences{AgentID: "a1", Alerts: map[notify.Kind]notify.Alert{notify.NewMessage: {SoundOn: true, Sound: "bell", Volume: 9}}, Version: 3}
	sent := []notify.Notification{
		{AgentID: "a1", Kind: notify.NewMessage, ChatID: "c1", Title: "Ada", Body: "hi 👋", Sound: "ding", Volume: 70,
			At: time.Date(2026, 3, 1, 9, 0, 0, 1000, time.UTC), Instance: "instance-a"},
		{AgentID: "a2", Kind: notify.NewMessage, ChatID: "c2"},
		{AgentID: "a1", Kind: notify.PreferencesChanged, Instance: "instance-a", Preferences: &p, At: time.Date(2026, 3, 1, 9, 0, 1, 0, time.UTC)},
	}
	for _, n := range sent {
		require.NoError(t, a.Notify(ctx, n))
	}
	for _, want := range []notify.Notification{sent[0], sent[2]} {
		select {
		case got := <-session.C():
			assert.Equal(t, want, got)
		case <-ctx.Done():
			t.Fatal("no notification arrived on instance B")
		}
	}
	assert.Eventually(t, func() bool { return relay.Stats().Received == 3 }, 5*time.Second, 5*time.Millisecond)
	assert.Equal(t, natsnotify.Stats{Received: 3}, relay.Stats())
}

func TestSubjectsKeepAgentsApart(t *testing.T) {
	url := testURL(t)
	ctx := waitCtx(t)
	conn := connect(t, url, "one")
	n := natsnotify.New(conn, &natsnotify.Options{Prefix: prefix(t)})
	ids := []string{"a.b", "a", "a.*", "a.>", ">", "*", "A.B"}
	recs := make([]*notifytest.Recorder, len(ids))
	for i, id := range ids {
		recs[i] = &notifytest.Recorder{}
		s, err := n.Subscribe(ctx, id, recs[i])
		require.NoError(t, err)
		defer s.Close()
		assert.NotContains(t, n.Subject(id)[len(prefix(t)):], "*")
	}
	require.NoError(t, conn.Flush())
	for _, id := range ids {
		require.NoError(t, n.Notify(ctx, notify.Notification{AgentID: id, Kind: notify.NewMessage, ChatID: "c"}))
	}
	require.NoError(t, n.Notify(ctx, notify.Notification{AgentID: "last", Kind: notify.NewMessage, ChatID: "c"}))
	require.NoError(t, conn.Flush())
	for i, id := range ids {
		_, err := recs[i].Wait(ctx, 1)
		require.NoError(t, err)
		time.Sleep(20 * time.Millisecond) // room for a wrong extra delivery to show
		got := recs[i].Notifications()
		require.Len(t, got, 1, "%q", id)
		assert.Equal(t, id, got[0].AgentID)
	}
}

func TestMalformedMessagesAreCountedAndDropped(t *testing.T) {
	url := testURL(t)
	ctx := waitCtx(t)
	conn := connect(t, url, "one")
	n := natsnotify.New(conn, &natsnotify.Options{Prefix: prefix(t)})
	var rec notifytest.Recorder
	relay, err := n.Relay(ctx, &rec)
	require.NoError(t, err)
	defer relay.Close()
	require.NoError(t, conn.Flush())
	require.NoError(t, conn.Publish(n.Subject("a1"), []byte("not json")))
	require.NoError(t, conn.Publish(n.Subject("a1"), []byte(`{"agent_id":"a2"}`)), "about another agent than its subject")
	require.NoError(t, conn.Publish(n.Subject("a 1"), []byte(`{"agent_id":"a 1"}`)), "an invalid ID")
	rec.Fail(assert.AnError)
	require.NoError(t, n.Notify(ctx, notify.Notification{AgentID: "a1"}))
	_, err = rec.Wait(ctx, 1)
	require.NoError(t, err)
	// The failure is counted just after the recorder returns.
	assert.Eventually(t, func() bool { return relay.Stats() == natsnotify.Stats{Received: 1, Malformed: 3, Failed: 1} }, 5*time.Second, 5*time.Millisecond, "%+v", relay.Stats())
}

func TestValidationAndClosedConnection(t *testing.T) {
	url := testURL(t)
	ctx := context.Background()
	conn := connect(t, url, "one")
	n := natsnotify.New(conn, nil)
	assert.ErrorIs(t, n.Notify(ctx, notify.Notification{AgentID: "a 1"}), profilekit.ErrInvalid)
	_, err := n.Subscribe(ctx, "", &notifytest.Recorder{})
	assert.ErrorIs(t, err, profilekit.ErrInvalid)
	assert.Equal(t, "profilekit.notify.agent.YTE", n.Subject("a1"))
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	assert.ErrorIs(t, n.Notify(cctx, notify.Notification{AgentID: "a1"}), context.Canceled)
	_, err = n.Relay(cctx, &notifytest.Recorder{})
	assert.ErrorIs(t, err, context.Canceled)
	conn.Close()
	err = n.Notify(ctx, notify.Notification{AgentID: "a1"})
	assert.ErrorIs(t, err, notify.ErrClosed)
	_, err = n.Relay(ctx, &notifytest.Recorder{})
	assert.ErrorIs(t, err, notify.ErrClosed)
}

func TestSubscriptionEndsWithItsContext(t *testing.T) {
	url := testURL(t)
	conn := connect(t, url, "one")
	n := natsnotify.New(conn, &natsnotify.Options{Prefix: prefix(t)})
	ctx, cancel := context.WithCancel(context.Background())
	var rec notifytest.Recorder
	s, err := n.Subscribe(ctx, "a1", &rec)
	require.NoError(t, err)
	cancel()
	require.Eventually(t, func() bool { return conn.NumSubscriptions() == 0 }, 5*time.Second, 5*time.Millisecond)
	require.NoError(t, n.Notify(context.Background(), notify.Notification{AgentID: "a1"}))
	require.NoError(t, conn.Flush())
	assert.Empty(t, rec.Notifications())
	assert.NoError(t, s.Close())
}

// natsServer starts a nats-server of the test's own on port and returns a
// function that stops it.
func natsServer(t *testing.T, port int) (stop func()) {
	t.Helper()
	bin, err := exec.LookPath("nats-server")
	if err != nil {
		bin = "/usr/sbin/nats-server"
	}
	cmd := exec.Command(bin, "-a", "127.0.0.1", "-p", strconv.Itoa(port))
	require.NoError(t, cmd.Start(), "the restart test starts nats-server from PATH")
	addr := net.JoinHostPort("127.0.0.1", strconv.Itoa(port))
	require.Eventually(t, func() bool {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			_ = c.Close()
		}
		return err == nil
	}, 10*time.Second, 10*time.Millisecond, "nats-server did not start")
	stopped := false
	stop = func() {
		if !stopped {
			stopped = true
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}
	}
	t.Cleanup(stop)
	return stop
}

// freePort returns a TCP port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestSurvivesAServerRestart restarts a nats-server the test started
// itself: both instances reconnect within their reconnect window, instance
// B's relay re-subscribes by itself, and a Notification raised on A after
// the restart reaches the session on B.
func TestSurvivesAServerRestart(t *testing.T) {
	testURL(t)
	ctx := waitCtx(t)
	port := freePort(t)
	stop := natsServer(t, port)
	url := "nats://127.0.0.1:" + strconv.Itoa(port)
	reconnected := make(chan string, 4)
	onReconnect := nats.ReconnectHandler(func(c *nats.Conn) { reconnected <- c.Opts.Name })
	connA := connect(t, url, "instance-a", onReconnect)
	connB := connect(t, url, "instance-b", onReconnect)
	a, b := natsnotify.New(connA, nil), natsnotify.New(connB, nil)
	hubB := hub.New(nil)
	relay, err := b.Relay(ctx, hubB)
	require.NoError(t, err)
	defer relay.Close()
	session, err := hubB.Subscribe(ctx, "a1")
	require.NoError(t, err)
	require.NoError(t, connB.Flush())

	receive := func(chat string) {
		t.Helper()
		require.NoError(t, a.Notify(ctx, notify.Notification{AgentID: "a1", Kind: notify.NewMessage, ChatID: chat}))
		select {
		case got := <-session.C():
			assert.Equal(t, chat, got.ChatID)
		case <-ctx.Done():
			t.Fatalf("%s did not arrive", chat)
		}
	}
	receive("before")

	stop()
	natsServer(t, port)
	for range 2 {
		select {
		case <-reconnected:
		case <-ctx.Done():
			t.Fatal("the connections did not reconnect")
		}
	}
	require.NoError(t, connB.Flush()) // B's subscriptions are back on the server
	receive("after")
	assert.Zero(t, relay.Stats().Malformed)
}

// TestPreferencesSavedOnAReachSessionsOnB saves preferences through the
// Dispatcher of instance A and checks that a page open on instance B
// receives them, with no reload, through NATS and B's hub.
func TestPreferencesSavedOnAReachSessionsOnB(t *testing.T) {
	url := testURL(t)
	ctx := waitCtx(t)
	store := memory.New() // the instances share one store
	defer store.Close()
	opts := &natsnotify.Options{Prefix: prefix(t)}
	avail := &notifytest.Availability{}
	busA := natsnotify.New(connect(t, url, "instance-a"), opts)
	connB := connect(t, url, "instance-b")
	busB := natsnotify.New(connB, opts)
	dispatcherA := notify.New(store, avail, busA, &notify.Options{Instance: "instance-a"})
	hubB := hub.New(nil)
	relay, err := busB.Relay(ctx, hubB)
	require.NoError(t, err)
	defer relay.Close()
	page, err := hubB.Subscribe(ctx, "ada")
	require.NoError(t, err)
	require.NoError(t, connB.Flush())

	saved, err := dispatcherA.SavePreferences(ctx, "ada", 0, notify.Update{
		Alerts: map[notify.Kind]notify.Alert{notify.NewMessage: {SoundOn: true, Sound: "chime", Volume: 30}},
	})
	require.NoError(t, err)
	select {
	case got := <-page.C():
		assert.Equal(t, notify.PreferencesChanged, got.Kind)
		assert.Equal(t, "instance-a", got.Instance)
		require.NotNil(t, got.Preferences)
		assert.Equal(t, saved.Alerts, got.Preferences.Alerts)
		assert.Equal(t, saved.Version, got.Preferences.Version)
	case <-ctx.Done():
		t.Fatal("the page on instance B was not told")
	}

	// The next alert, made on A, plays the new sound on B.
	_, _, err = dispatcherA.Dispatch(ctx, notify.Activity{AgentID: "ada", Kind: notify.NewMessage, ChatID: "c1"})
	require.NoError(t, err)
	select {
	case got := <-page.C():
		assert.Equal(t, notify.Sound("chime"), got.Sound)
		assert.Equal(t, 30, got.Volume)
	case <-ctx.Done():
		t.Fatal("the alert did not reach instance B")
	}
}
