//go:build !nats

package main

import (
	"context"
	"errors"

	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/notify"
)

// natsLinked says that this binary has no NATS client: it was built
// without -tags nats (notify_nats.go).
const natsLinked = false

// openNATS refuses -nats in a binary without the NATS client.
func (a *App) openNATS(context.Context) (feed.Transport, notify.Notifier, error) {
	return nil, nil, errors.New("server: -nats needs the NATS client, linked by building with -tags nats")
}
