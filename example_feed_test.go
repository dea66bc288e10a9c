package profilekit_test

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/feed/pgfeed"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

// A feed.Feed named as every service's Observer carries every instance's
// events to the live pages of every instance (compiled, not run: it needs
// a PostgreSQL pool).
func Example_feed() {
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, "postgres://localhost/profilekit")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pool.Close()
	store := memory.New() // postgres.Open(ctx, dsn, nil) on every instance
	defer store.Close()
	name, agentID := "instance-a", "agent-ada"

	t, err := pgfeed.New(pool, nil) // refuses a channel name PostgreSQL would cut short
	if err != nil {
		fmt.Println(err)
		return
	}
	f := feed.New(t, &feed.Options{Instance: name})
	profiles := profile.New(store, &profile.Options{Observer: f, Instance: name})
	tracker := presence.New(store, &presence.Options{Observer: f, Instance: name})
	_ = f.WatchPresence(ctx, tracker)

	sub, _ := f.Subscribe(ctx, agentID) // sub.C(), sub.Err(), sub.Close()
	for e := range sub.C() {
		switch e := e.(type) {
		case profile.Saved:
			fmt.Println("saved", e.Fields)
		case feed.Lost:
			fmt.Println("reload:", e.Reason)
		}
	}
	_ = profiles
}
