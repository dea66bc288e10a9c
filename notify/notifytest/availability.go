package notifytest

import (
	"context"
	"sync"
)

// Availability is a notify.Availability whose busy agents a test sets. It
// counts its calls and returns Err, when set, from every call. It is safe
// for concurrent use; the zero value is ready, with nobody busy.
type Availability struct {
	mu    sync.Mutex
	busy  map[string]bool
	err   error
	calls int
}

// SetBusy marks the agent busy or not.
func (a *Availability) SetBusy(agentID string, busy bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.busy == nil {
		a.busy = make(map[string]bool)
	}
	a.busy[agentID] = busy
}

// Fail makes every later Busy return err (nil to answer again).
func (a *Availability) Fail(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.err = err
}

// Busy implements notify.Availability.
func (a *Availability) Busy(_ context.Context, agentID string) (bool, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.calls++
	if a.err != nil {
		return false, a.err
	}
	return a.busy[agentID], nil
}

// Calls returns how many times Busy was called.
func (a *Availability) Calls() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.calls
}
