package notifymock_test

import (
	"context"
	"fmt"

	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/notifymock"
)

// A Dispatcher over mocks: an agent who never saved preferences, who is
// not busy, gets an incoming-chat alert with the defaults, and the test
// reads what the Notifier received.
func Example() {
	ctx := context.Background()
	store := &notifymock.PreferenceStoreMock{
		GetNotificationPreferencesFunc: func(ctx context.Context, agentID string) (notify.Preferences, error) {
			return notify.Preferences{}, notify.ErrNotFound
		},
	}
	avail := &notifymock.AvailabilityMock{
		BusyFunc: func(ctx context.Context, agentID string) (bool, error) { return false, nil },
	}
	out := &notifymock.NotifierMock{
		NotifyFunc: func(ctx context.Context, n notify.Notification) error { return nil },
	}
	d := notify.New(store, avail, out, nil)

	_, sent, err := d.Dispatch(ctx, notify.Activity{AgentID: "agent-ada", Kind: notify.IncomingChat,
		ChatID: "chat-7", Sender: "<b>Grace</b>", Preview: "Hello!"})
	fmt.Println(sent, err)
	got := out.NotifyCalls()[0].N
	fmt.Println(got.AgentID, got.Title, got.Body, got.Sound != "")
	// Output:
	// true <nil>
	// agent-ada Grace Hello! true
}
