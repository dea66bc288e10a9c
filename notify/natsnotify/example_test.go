package natsnotify_test

import (
	"context"
	"fmt"
	"log"

	"github.com/nats-io/nats.go"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/notify/natsnotify"
	"github.com/convrs/profilekit/storage/memory"
)

// Each instance of a service publishes its Dispatcher's Notifications on
// NATS and relays every agent's subject into its own hub, from which it
// streams to the pages open on it: a Notification made on any instance
// reaches the agent's pages on all of them.
func Example() {
	ctx := context.Background()
	conn, err := nats.Connect("nats://127.0.0.1:4222", nats.MaxReconnects(-1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer conn.Close()
	store := memory.New() // every instance shares one store: sqlite or postgres
	defer store.Close()

	bus := natsnotify.New(conn, nil)
	sessions := hub.New(nil)
	relay, err := bus.Relay(ctx, sessions)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer relay.Close()
	neverBusy := notify.AvailabilityFunc(func(context.Context, string) (bool, error) { return false, nil })
	dispatcher := notify.New(store, neverBusy, bus, &notify.Options{Instance: "instance-a"})

	page, err := sessions.Subscribe(ctx, "ada") // an open page on this instance
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, _, err := dispatcher.Dispatch(ctx, notify.Activity{AgentID: "ada", Kind: notify.NewMessage, ChatID: "c1"}); err != nil {
		fmt.Println(err)
		return
	}
	log.Println((<-page.C()).Kind)
}
