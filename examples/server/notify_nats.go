//go:build nats

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/feed/natsfeed"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/natsnotify"
)

// natsLinked says that this binary has the NATS client: it was built with
// -tags nats. The client brings github.com/klauspost/compress, one of the
// largest modules a first start would fetch, so only deployments that ask
// for it link it.
const natsLinked = true

// natsLink is the instance's one NATS connection, shared by the feed and
// the notifier.
type natsLink struct{ conn *nats.Conn }

// natsConn connects to -nats once.
func (a *App) natsConn() (*nats.Conn, error) {
	if a.nats.conn != nil {
		return a.nats.conn, nil
	}
	nc, err := nats.Connect(a.cfg.NATSURL, nats.Name("profilekit "+a.cfg.Instance), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, fmt.Errorf("server: connect to nats: %w", err)
	}
	a.nats.conn = nc
	a.closers = append(a.closers, func() error { nc.Close(); return nil })
	return nc, nil
}

// natsFeed is the feed's transport on -nats.
func (a *App) natsFeed() (feed.Transport, error) {
	nc, err := a.natsConn()
	if err != nil {
		return nil, err
	}
	return natsfeed.New(nc, &natsfeed.Options{Subject: a.natsPrefix() + ".feed"}), nil
}

// natsNotifier returns the notifier that publishes alerts on -nats, with
// the relay that feeds this instance's hub from it.
func (a *App) natsNotifier(ctx context.Context) (notify.Notifier, error) {
	nc, err := a.natsConn()
	if err != nil {
		return nil, err
	}
	n := natsnotify.New(nc, &natsnotify.Options{Prefix: a.cfg.NATSPrefix})
	relay, err := n.Relay(ctx, a.hub)
	if err != nil {
		return nil, fmt.Errorf("server: nats relay: %w", err)
	}
	a.closers = append(a.closers, relay.Close)
	return n, nil
}

// natsPrefix starts this deployment's NATS subjects.
func (a *App) natsPrefix() string {
	if a.cfg.NATSPrefix != "" {
		return a.cfg.NATSPrefix
	}
	return "profilekit"
}
