package feed_test

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/feed/pgfeed"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage"
	"github.com/convrs/profilekit/storage/memory"
)

// SignedOut is an application's own event.
type SignedOut struct {
	profilekit.EventMeta
	Session string `json:"session"`
}

func (SignedOut) Kind() profilekit.EventKind { return "app.signed_out" }

// Two instances on one transport (here in-process; pgfeed or natsfeed
// across processes): a profile saved through instance A reaches a page
// subscribed on instance B, typed, and so does the application's own
// event.
func Example() {
	ctx := context.Background()
	store := memory.New() // the database both instances share
	defer store.Close()
	transport := feed.NewLocal()
	opts := &feed.Options{Types: []feed.Type{feed.TypeOf[SignedOut]()}}
	a, b := feed.New(transport, opts), feed.New(transport, opts)
	defer a.Close()
	defer b.Close()
	profiles := profile.New(store, &profile.Options{Observer: a, Instance: "a"})
	passwords := password.New(store, &password.Options{Observer: a, Instance: "a"})
	_ = passwords // wired the same way; so are presence, notify and the rest

	sub, err := b.Subscribe(ctx, "agent-ada") // what the agent's page on B reads
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sub.Close()

	p, _ := profiles.Create(ctx, profile.NewAgent{ID: "agent-ada", Username: "ada", Role: "agent", Name: "Ada Lovelace", PublicName: "Ada"})
	_, _ = profiles.Update(ctx, p.ID, p.Version, profile.Patch{PublicName: new("Countess")})
	_ = a.Publish(ctx, SignedOut{EventMeta: profilekit.EventMeta{AgentID: "agent-ada", Instance: "a"}, Session: "tab-1"})

	for range 3 {
		switch e := (<-sub.C()).(type) {
		case profile.AdminChanged:
			fmt.Println("created, version", e.Version, "on", e.Instance)
		case profile.Saved:
			fmt.Println("saved", e.Fields, "version", e.Version)
		case SignedOut:
			fmt.Println("signed out", e.Session)
		case feed.Lost:
			fmt.Println("reload:", e.Reason)
		}
	}
	// Output:
	// created, version 1 on a
	// saved [public_name] version 2
	// signed out tab-1
}

// serve is the wiring of the package documentation: a server's services
// on one Feed, and one page's subscription.
func serve(ctx context.Context, pool *pgxpool.Pool, store storage.Store, name, agentID string) error {
	t, err := pgfeed.New(pool, nil) // or natsfeed.New(conn, nil), or feed.NewLocal()
	if err != nil {
		return err
	}
	f := feed.New(t, &feed.Options{Instance: name})
	defer f.Close()
	profiles := profile.New(store, &profile.Options{Observer: f, Instance: name})
	passwords := password.New(store, &password.Options{Observer: f, Instance: name})
	tracker := presence.New(store, &presence.Options{Observer: f, Instance: name})
	_ = f.WatchPresence(ctx, tracker) // presence expiries, once per subscriber

	sub, err := f.Subscribe(ctx, agentID) // or SubscribeAll
	if err != nil {
		return err
	}
	defer sub.Close()
	for e := range sub.C() {
		switch e := e.(type) {
		case profile.Saved:
			fmt.Println("saved", e.Fields)
		case presence.StatusChanged:
			fmt.Println("status", e.Presence.Status)
		case feed.Lost:
			fmt.Println("reload:", e.Reason) // events may be missing
		}
	}
	_, _ = profiles, passwords
	return sub.Err()
}

var _ = serve
