package feed_test

import (
	"context"
	"testing"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/password"
)

// FuzzMessage sends arbitrary bytes on a Feed's transport, as anything
// sharing a channel or subject could: the Feed must neither panic nor
// stop, and a real event sent after it must still arrive.
func FuzzMessage(f *testing.F) {
	for _, seed := range []string{
		`{"o":"x","k":"profile.saved","a":"ada","s":1,"e":{"agent_id":"ada","version":2,"fields":["name"]}}`,
		`{"o":"x","k":"feed.lost","a":"ada","s":1,"e":{"agent_id":"ada","reason":"gap"}}`,
		`{"o":"x","k":"app.thing","s":1,"e":{"agent_id":"","x":[1,2]}}`,
		`{"o":"x","k":"presence.status_changed","a":"ada","s":18446744073709551615,"e":{"agent_id":"ada","presence":{"status":"busy"}}}`,
		`{"o":"","k":"","s":0}`,
		`null`,
		``,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, msg []byte) {
		tr := feed.NewLocal()
		fd := feed.New(tr, nil)
		defer fd.Close()
		ctx := context.Background()
		s, err := fd.SubscribeAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if err := tr.Publish(ctx, msg); err != nil {
			t.Fatal(err)
		}
		want := password.Changed{EventMeta: profilekit.EventMeta{AgentID: "zed", Instance: "fuzz"}}
		fd.Observe(ctx, want)
		timeout := time.After(10 * time.Second)
		for {
			select {
			case e, ok := <-s.C():
				if !ok {
					t.Fatalf("the subscription ended: %v", s.Err())
				}
				if e.Meta().AgentID == "zed" && e.Kind() == want.Kind() {
					return
				}
			case <-timeout:
				t.Fatal("the real event never arrived")
			}
		}
	})
}
