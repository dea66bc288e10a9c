package presence

import "time"

// Clock tells the Tracker the time. Tests substitute a fake one (see
// presencetest.Clock); the default is the system clock.
type Clock interface {
	// Now returns the current instant.
	Now() time.Time
	// After returns a channel that receives the time once d has passed,
	// immediately when d <= 0, like time.After.
	After(d time.Duration) <-chan time.Time
}

// systemClock is the Clock of the real world.
type systemClock struct{}

func (systemClock) Now() time.Time                         { return time.Now() }
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
