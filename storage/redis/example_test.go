package redis_test

import (
	"context"
	"fmt"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/redis"
	"github.com/convrs/profilekit/storage/sqlite"
)

// One service, two stores: profiles (and the hand-set Busy, through
// Options.Durable) in SQLite, presence in Redis. It needs a Redis server,
// so go test compiles it without running it; examples/redispresence runs
// the same wiring.
func Example() {
	ctx := context.Background()
	sql, err := sqlite.Open(ctx, "profilekit.db", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	defer sql.Close()
	pres, err := redis.Open(ctx, "redis://127.0.0.1:6379/0", &redis.Options{Durable: sql})
	if err != nil {
		fmt.Println(err)
		return
	}
	defer pres.Close()
	profiles := profile.New(sql, nil)
	tracker := presence.New(pres, nil)

	if _, err := profiles.Create(ctx, profile.NewAgent{ID: "agent-ada", Username: "ada", Role: "agent", Name: "Ada", PublicName: "Ada"}); err != nil {
		fmt.Println(err)
		return
	}
	p, err := tracker.ToggleBusy(ctx, "agent-ada")
	fmt.Println(p.Badge.Label, err)
}
