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

// openNATS connects to -nats once and returns the feed's transport and
// the alerts' notifier on that one connection, with the relay that feeds
// this instance's hub.
func (a *App) openNATS(ctx context.Context) (feed.Transport, notify.Notifier, error) {
	nc, err := nats.Connect(a.cfg.NATSURL, nats.Name("profilekit "+a.cfg.Instance), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, nil, fmt.Errorf("server: connect to nats: %w", err)
	}
	a.closers = append(a.closers, func() error { nc.Close(); return nil })
	alerts := natsnotify.New(nc, &natsnotify.Options{Prefix: a.cfg.NATSPrefix})
	relay, err := alerts.Relay(ctx, a.hub)
	if err != nil {
		return nil, nil, fmt.Errorf("server: nats relay: %w", err)
	}
	a.closers = append(a.closers, relay.Close)
	prefix := a.cfg.NATSPrefix
	if prefix == "" {
		prefix = "profilekit"
	}
	return natsfeed.New(nc, &natsfeed.Options{Subject: prefix + ".feed"}), alerts, nil
}
