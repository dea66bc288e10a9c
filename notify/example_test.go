package notify_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/hub"
	"github.com/convrs/profilekit/notify/webhook"
	"github.com/convrs/profilekit/storage/memory"
)

// A Dispatcher wired to the in-process hub, which streams to the agent's
// open pages, and to a webhook, whose receiver checks the signature. The
// Availability here is a map; a service wires presence instead (see the
// Availability documentation).
func Example() {
	ctx := context.Background()
	store := memory.New() // or sqlite.Open, postgres.Open
	defer store.Close()

	// The receiving side of the webhook.
	secret := []byte("a shared secret of at least 32 bytes")
	verifier := &webhook.Verifier{Secret: secret, Guard: webhook.NewMemoryGuard(0)} // the Guard refuses replays
	received := make(chan notify.Notification, 1)
	receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, err := verifier.Receive(r)
		switch {
		case errors.Is(err, webhook.ErrReplayed):
			return // received before: answered 200, not acted on again
		case err != nil:
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		received <- n
	}))
	defer receiver.Close()

	sessions := hub.New(nil)
	defer sessions.Close()
	hook, err := webhook.New(receiver.URL, secret, &webhook.Options{AllowInternal: true}) // a local receiver
	if err != nil {
		fmt.Println(err)
		return
	}
	busy := map[string]bool{"grace": true}
	avail := notify.AvailabilityFunc(func(_ context.Context, agentID string) (bool, error) { return busy[agentID], nil })
	d := notify.New(store, avail, notify.NewFanout(sessions, hook), nil)

	// Ada has the page open.
	page, err := sessions.Subscribe(ctx, "ada")
	if err != nil {
		fmt.Println(err)
		return
	}
	prefs, _ := d.Preferences(ctx, "ada")
	fmt.Println("defaults:", prefs.Default, prefs.Alerts[notify.NewMessage].Sound, prefs.Alerts[notify.IncomingChat].Sound)

	// She picks another sound; her open page learns at once.
	prefs, err = d.SavePreferences(ctx, "ada", prefs.Version, notify.Update{
		Alerts: map[notify.Kind]notify.Alert{notify.NewMessage: {SoundOn: true, Sound: "chime", Volume: 40, Browser: true}},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	msg := <-page.C()
	fmt.Println("page:", msg.Kind, "version", msg.Preferences.Version)
	fmt.Println("webhook:", (<-received).Kind)

	// A message arrives.
	_, sent, err := d.Dispatch(ctx, notify.Activity{
		AgentID: "ada", Kind: notify.NewMessage, ChatID: "chat-7", Sender: "Charles",
		Preview: "<p>The engine is <b>ready</b> 🎉</p>",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	msg = <-page.C()
	fmt.Println("sent:", sent)
	fmt.Printf("page: %s %q %q sound=%s volume=%d browser=%t\n", msg.Kind, msg.Title, msg.Body, msg.Sound, msg.Volume, msg.Browser)
	fmt.Println("webhook:", (<-received).Body)

	// Grace is busy: no incoming chat for her.
	_, sent, _ = d.Dispatch(ctx, notify.Activity{AgentID: "grace", Kind: notify.IncomingChat, ChatID: "chat-8"})
	fmt.Println("incoming chat to a busy agent sent:", sent)
	// Output:
	// defaults: true ding ring
	// page: preferences_changed version 1
	// webhook: preferences_changed
	// sent: true
	// page: new_message "Charles" "The engine is ready 🎉" sound=chime volume=40 browser=true
	// webhook: The engine is ready 🎉
	// incoming chat to a busy agent sent: false
}
