package profile_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/convrs/profilekit/profilekittest"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/memory"
)

// slowEven is an Observer that records every event, making the events of
// even versions take a while to observe when on is set: a later write then
// overtakes them unless the Service orders them.
type slowEven struct {
	profilekittest.Recorder
	on atomic.Bool
}

func (r *slowEven) Observe(ctx context.Context, e profilekit.Event) {
	if s, ok := e.(profile.Saved); ok && r.on.Load() && s.Version%2 == 0 {
		time.Sleep(200 * time.Microsecond)
	}
	r.Recorder.Observe(ctx, e)
}

func newObservedService(t *testing.T) (*profile.Service, *slowEven, *profilekittest.Clock) {
	t.Helper()
	clock := profilekittest.NewClock(t0)
	rec := &slowEven{}
	store := memory.New()
	t.Cleanup(func() { _ = store.Close() })
	return profile.New(store, &profile.Options{
		Clock: clock, Observer: rec, Instance: "test-1",
		Phone: profile.PhoneRules{DefaultRegion: "GB"},
	}), rec, clock
}

func TestEvents(t *testing.T) {
	ctx := context.Background()
	svc, rec, _ := newObservedService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	p, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("Ada King"), Mobile: new("07400 654321"), Landline: new("020 7946 0018")})
	require.NoError(t, err)
	p, err = svc.AdminUpdate(ctx, p.ID, p.Version, profile.Patch{Role: new("supervisor")})
	require.NoError(t, err)
	p, err = svc.UpdateSettings(ctx, p.ID, p.Version, profile.Settings{CapitalizeFirstLetter: true})
	require.NoError(t, err)
	p, err = svc.SetPhoto(ctx, p.ID, p.Version, "photos/1.webp")
	require.NoError(t, err)

	at := t0.UTC().Truncate(1000)
	meta := profilekit.EventMeta{AgentID: "agent-1", At: at, Instance: "test-1"}
	assert.Equal(t, []profilekit.Event{
		profile.AdminChanged{EventMeta: meta, Version: 1, Fields: []string{
			profile.FieldUsername, profile.FieldRole, profile.FieldBusinessUnit, profile.FieldName,
			profile.FieldPublicName, profile.FieldLanguage, profile.FieldLandline, profile.FieldMobile,
		}},
		profile.Saved{EventMeta: meta, Version: 2, Fields: []string{profile.FieldName, profile.FieldMobile}},
		profile.AdminChanged{EventMeta: meta, Version: 3, Fields: []string{profile.FieldRole}},
		profile.Saved{EventMeta: meta, Version: 4, Fields: []string{profile.FieldCapitalizeFirstLetter}},
		profile.Saved{EventMeta: meta, Version: 5, Fields: []string{profile.FieldPhoto}},
	}, rec.Events())
	assert.Equal(t, int64(5), p.Version)

	events := rec.Events()
	assert.Equal(t, profilekit.EventProfileAdminChanged, events[0].Kind())
	assert.Equal(t, profilekit.EventProfileSaved, events[1].Kind())
	assert.Equal(t, meta, events[1].Meta())
}

// A refused, conflicting or empty write raises nothing.
func TestNoEventWithoutAStoredChange(t *testing.T) {
	ctx := context.Background()
	svc, rec, _ := newObservedService(t)
	p, err := svc.Create(ctx, ada())
	require.NoError(t, err)
	other := ada()
	other.ID, other.Username = "agent-2", "grace"
	_, err = svc.Create(ctx, other)
	require.NoError(t, err)
	before := len(rec.Events())

	attempts := []func() error{
		func() error { _, err := svc.Create(ctx, ada()); return err },                           // taken ID
		func() error { a := ada(); a.ID = "agent-3"; _, err := svc.Create(ctx, a); return err }, // taken username
		func() error {
			a := ada()
			a.ID, a.Username = "agent-3", "ɡrace"
			_, err := svc.Create(ctx, a)
			return err
		},
		func() error { a := ada(); a.ID, a.Name = "agent-3", ""; _, err := svc.Create(ctx, a); return err }, // invalid
		func() error { _, err := svc.Update(ctx, p.ID, p.Version, profile.Patch{Name: new("")}); return err },
		func() error { _, err := svc.Update(ctx, p.ID, p.Version+1, profile.Patch{Name: new("X")}); return err },
		func() error {
			_, err := svc.Update(ctx, p.ID, p.Version, profile.Patch{Role: new("admin")})
			return err
		},
		func() error {
			_, err := svc.AdminUpdate(ctx, p.ID, p.Version, profile.Patch{Username: new("Grace")})
			return err
		},
		func() error { _, err := svc.UpdateSettings(ctx, p.ID, 7, profile.Settings{}); return err },
		func() error { _, err := svc.SetPhoto(ctx, p.ID, p.Version, "has space"); return err },
		func() error { _, err := svc.Update(ctx, "nobody", 1, profile.Patch{Name: new("X")}); return err },
		func() error { _, err := svc.Update(ctx, "bad id", 1, profile.Patch{Name: new("X")}); return err },
	}
	for i, attempt := range attempts {
		assert.Error(t, attempt(), "attempt %d", i)
	}
	_, err = svc.Update(ctx, p.ID, p.Version, profile.Patch{Name: new(" Ada   Lovelace")}) // no change
	require.NoError(t, err)
	assert.Len(t, rec.Events(), before, "no event may be raised without a stored change")
}

// Events about one agent arrive in the order their writes were stored,
// whatever the goroutines racing to make them.
func TestEventsOrderedPerAgent(t *testing.T) {
	ctx := context.Background()
	svc, rec, _ := newObservedService(t)
	rec.on.Store(true)
	const agents, writers, updates = 3, 8, 5
	for a := range agents {
		n := ada()
		n.ID, n.Username = fmt.Sprintf("agent-%d", a), fmt.Sprintf("user%c", 'a'+a)
		_, err := svc.Create(ctx, n)
		require.NoError(t, err)
	}
	var wg sync.WaitGroup
	for w := range writers * agents {
		id := fmt.Sprintf("agent-%d", w%agents)
		wg.Go(func() {
			for u := range updates {
				for {
					cur, err := svc.Get(ctx, id)
					if !assert.NoError(t, err) {
						return
					}
					_, err = svc.Update(ctx, id, cur.Version, profile.Patch{Name: new(fmt.Sprintf("W%d U%d", w, u))})
					if errors.Is(err, profile.ErrConflict) {
						continue
					}
					assert.NoError(t, err)
					break
				}
			}
		})
	}
	wg.Wait()
	next := map[string]int64{}
	for _, e := range rec.Events() {
		id := e.Meta().AgentID
		var v int64
		switch e := e.(type) {
		case profile.Saved:
			v = e.Version
		case profile.AdminChanged:
			v = e.Version
		}
		next[id]++
		assert.Equal(t, next[id], v, "events of %s out of order", id)
	}
	for a := range agents {
		assert.Equal(t, int64(1+writers*updates), next[fmt.Sprintf("agent-%d", a)])
	}
}

func TestDefaultInstance(t *testing.T) {
	rec := &profilekittest.Recorder{}
	svc := profile.New(memory.New(), &profile.Options{Observer: rec})
	_, err := svc.Create(context.Background(), profile.NewAgent{ID: "a1", Username: "kim", Role: "agent", Name: "Kim", PublicName: "Kim"})
	require.NoError(t, err)
	require.Len(t, rec.Events(), 1)
	assert.Equal(t, kit.DefaultInstance(), rec.Events()[0].Meta().Instance)
}
