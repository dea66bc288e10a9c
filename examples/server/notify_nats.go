//go:build nats

package main

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/natsnotify"
)

// natsLinked says that this binary has the NATS client: it was built with
// -tags nats. The client brings github.com/klauspost/compress, one of the
// largest modules a first start would fetch, so only deployments that ask
// for it link it.
const natsLinked = true

// setupNATS connects to -nats and returns the notifier that publishes
// there, with the relay that feeds this instance's hub from it.
func (a *App) setupNATS(ctx context.Context) (notify.Notifier, error) {
	nc, err := nats.Connect(a.cfg.NATSURL, nats.Name("profilekit "+a.cfg.Instance), nats.MaxReconnects(-1), nats.ReconnectWait(time.Second))
	if err != nil {
		return nil, fmt.Errorf("server: connect to nats: %w", err)
	}
	a.closers = append(a.closers, func() error { nc.Close(); return nil })
	n := natsnotify.New(nc, &natsnotify.Options{Prefix: a.cfg.NATSPrefix})
	relay, err := n.Relay(ctx, a.hub)
	if err != nil {
		return nil, fmt.Errorf("server: nats relay: %w", err)
	}
	a.closers = append(a.closers, relay.Close)
	return n, nil
}
