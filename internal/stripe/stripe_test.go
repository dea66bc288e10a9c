package stripe

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestLockSerialisesOneID(t *testing.T) {
	l := New()
	var wg sync.WaitGroup
	inside, most := 0, 0
	var mu sync.Mutex
	for range 32 {
		wg.Go(func() {
			for range 100 {
				unlock := l.Lock("agent-1")
				mu.Lock()
				inside++
				most = max(most, inside)
				mu.Unlock()
				mu.Lock()
				inside--
				mu.Unlock()
				unlock()
			}
		})
	}
	wg.Wait()
	assert.Equal(t, 1, most, "two holders of one ID's lock at once")
}

func TestNilLocksLockNothing(t *testing.T) {
	var l *Locks
	done := make(chan struct{})
	go func() {
		unlock := l.Lock("a")
		unlock2 := l.Lock("a") // would deadlock if it locked
		unlock()
		unlock2()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		assert.Fail(t, "a nil *Locks blocked on its second Lock")
	}
}
