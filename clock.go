package profilekit

import "time"

// Clock tells a service the time, for the timestamps it writes, for
// throttling and for expiries. Every Options of profilekit has a Clock
// field of this type; nil means the system clock. Tests substitute
// profilekittest.Clock, a manual AlarmClock that moves only when told to.
type Clock interface {
	// Now returns the current time.
	Now() time.Time
}

// AlarmClock is a Clock that can also wake a waiter, for the services that
// wait for a moment to come (presence expiries). A Clock given to such a
// service that is not an AlarmClock waits with time.After.
type AlarmClock interface {
	Clock
	// After returns a channel that receives the time once d has passed,
	// at once when d <= 0, like time.After.
	After(d time.Duration) <-chan time.Time
}

// SystemClock returns the Clock of the real world: time.Now and
// time.After.
func SystemClock() AlarmClock { return systemClock{} }

// systemClock is the real world's Clock.
type systemClock struct{}

// Now returns time.Now().
func (systemClock) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (systemClock) After(d time.Duration) <-chan time.Time { return time.After(d) }
