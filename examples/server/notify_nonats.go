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

// natsLink holds nothing in a binary without the NATS client.
type natsLink struct{}

// errNATSNotLinked refuses -nats in a binary without the NATS client.
var errNATSNotLinked = errors.New("server: -nats needs the NATS client, linked by building with -tags nats")

// natsFeed refuses -nats in a binary without the NATS client.
func (a *App) natsFeed() (feed.Transport, error) { return nil, errNATSNotLinked }

// natsNotifier refuses -nats in a binary without the NATS client.
func (a *App) natsNotifier(context.Context) (notify.Notifier, error) { return nil, errNATSNotLinked }
