package kit

import (
	"time"

	"github.com/convrs/profilekit"
)

// Clock returns c, or the system clock when c is nil: what every New does
// with Options.Clock.
func Clock(c profilekit.Clock) profilekit.Clock {
	if c == nil {
		return profilekit.SystemClock()
	}
	return c
}

// After waits on c when it is a profilekit.AlarmClock, and on the real
// world's clock otherwise.
func After(c profilekit.Clock, d time.Duration) <-chan time.Time {
	if a, ok := c.(profilekit.AlarmClock); ok {
		return a.After(d)
	}
	return time.After(d)
}
