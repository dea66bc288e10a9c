package password

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestArgon2idBoundsConcurrency(t *testing.T) {
	const limit, callers = 3, 40
	h := NewArgon2id(&Argon2idOptions{Params: Argon2idParams{Memory: 64, Iterations: 1}, MaxConcurrent: limit})
	ctx := context.Background()
	encoded, err := h.Hash(ctx, "x")
	require.NoError(t, err)

	var inFlight, peak, total atomic.Int64
	full := make(chan struct{}) // closed once limit hashes run at once
	var fullOnce sync.Once
	giveUp, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	h.running = func(delta int) {
		n := inFlight.Add(int64(delta))
		if delta < 0 {
			return
		}
		total.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if n >= limit {
			fullOnce.Do(func() { close(full) })
		}
		// Hold the slot until the bound is reached, so that callers pile up;
		// a bound below limit fails the peak check below instead of hanging.
		select {
		case <-full:
		case <-giveUp.Done():
		}
	}
	var wg sync.WaitGroup
	for i := range callers {
		wg.Go(func() {
			if i%2 == 0 {
				_, err := h.Hash(ctx, "x")
				assert.NoError(t, err)
				return
			}
			ok, err := h.Verify(ctx, "x", encoded)
			assert.NoError(t, err)
			assert.True(t, ok)
		})
	}
	wg.Wait()
	assert.Equal(t, int64(callers), total.Load())
	assert.LessOrEqual(t, peak.Load(), int64(limit), "more hashes ran at once than the bound allows")
	assert.Equal(t, int64(limit), peak.Load(), "callers piled up, so the bound's every slot was used")
	assert.Zero(t, inFlight.Load())
}

func TestArgon2idWaitersGiveUpWithTheirContext(t *testing.T) {
	h := NewArgon2id(&Argon2idOptions{Params: Argon2idParams{Memory: 64, Iterations: 1}, MaxConcurrent: 1})
	hold := make(chan struct{})
	started := make(chan struct{})
	h.running = func(delta int) {
		if delta > 0 {
			close(started)
			<-hold
		}
	}
	done := make(chan error)
	go func() {
		_, err := h.Hash(context.Background(), "x")
		done <- err
	}()
	<-started
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := h.Hash(ctx, "y")
	assert.ErrorIs(t, err, context.DeadlineExceeded, "a caller waiting for a slot stops when its context ends")
	close(hold)
	assert.NoError(t, <-done)
}

func TestDefaultConcurrencyFollowsGOMAXPROCS(t *testing.T) {
	assert.Equal(t, runtime.GOMAXPROCS(0), cap(NewArgon2id(nil).sem))
}
