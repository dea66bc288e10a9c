//go:build !nats

package main

import (
	"context"
	"errors"

	"github.com/convrs/profilekit/notify"
)

// natsLinked says that this binary has no NATS client: it was built
// without -tags nats (notify_nats.go).
const natsLinked = false

// setupNATS refuses -nats in a binary without the NATS client.
func (a *App) setupNATS(context.Context) (notify.Notifier, error) {
	return nil, errors.New("server: -nats needs the NATS client, linked by building with -tags nats")
}
