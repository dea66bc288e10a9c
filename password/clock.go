package password

import "time"

// Clock tells the time. The Service and RangeClient read it for throttling,
// timestamps and cache expiry; tests give them a fake.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
}

// systemClock is the Clock used when none is given.
type systemClock struct{}

// Now returns time.Now().
func (systemClock) Now() time.Time { return time.Now() }
