package password

import "time"

// Defaults of Throttle.
const (
	// DefaultThrottleFree is how many failed attempts an agent may make
	// before waits begin.
	DefaultThrottleFree = 5
	// DefaultThrottleDelay is the first wait.
	DefaultThrottleDelay = time.Second
	// DefaultThrottleMaxDelay is the longest wait.
	DefaultThrottleMaxDelay = 15 * time.Minute
	// DefaultAccountThrottleFree is how many failed attempts an agent's
	// account takes, from every client together, before waits begin for
	// every client: the ceiling NIST SP 800-63B sets (no more than 100
	// consecutive failures), far above the per-client DefaultThrottleFree.
	DefaultAccountThrottleFree = 100
)

// Throttle slows down guessing of an agent's password with exponential
// backoff: after Free failed attempts, each further attempt must wait
// Delay, then twice as long, and so on up to MaxDelay, counted from the
// last failed attempt. An attempt made while it must wait is refused
// without counting, so the wait never grows while nobody can try. A
// correct password clears the count. Zero fields take the defaults.
//
// A Service applies two (see Options.Throttle and
// Options.AccountThrottle): one per agent and client address, so that an
// attacker's guesses slow down the attacker and not the agent signing in
// from elsewhere, and one per agent over every client, with a ceiling far
// higher, against guesses spread over many addresses. Neither locks an
// account out: a wait ends, and a correct password from a client that is
// not waiting signs in.
type Throttle struct {
	// Free is how many failed attempts are allowed without waiting.
	Free int
	// Delay is the wait after the first failure beyond Free.
	Delay time.Duration
	// MaxDelay caps the wait.
	MaxDelay time.Duration
}

// account fills a zero Free with DefaultAccountThrottleFree; Wait fills
// the rest.
func (t Throttle) account() Throttle {
	if t.Free <= 0 {
		t.Free = DefaultAccountThrottleFree
	}
	return t
}

// withDefaults fills zero fields.
func (t Throttle) withDefaults() Throttle {
	if t.Free <= 0 {
		t.Free = DefaultThrottleFree
	}
	if t.Delay <= 0 {
		t.Delay = DefaultThrottleDelay
	}
	if t.MaxDelay <= 0 {
		t.MaxDelay = DefaultThrottleMaxDelay
	}
	t.MaxDelay = max(t.MaxDelay, t.Delay)
	return t
}

// Wait returns how long an agent with the given number of failed attempts
// must wait after the last one: 0 below Free, then Delay, 2*Delay, 4*Delay
// and so on, never more than MaxDelay.
func (t Throttle) Wait(failures int) time.Duration {
	t = t.withDefaults()
	if failures < t.Free {
		return 0
	}
	shift := min(failures-t.Free, 40)
	d := t.Delay
	for range shift {
		d *= 2
		if d >= t.MaxDelay || d <= 0 {
			return t.MaxDelay
		}
	}
	return min(d, t.MaxDelay)
}

// retryAfter returns how long after now an agent (or an agent and client)
// with failures failed attempts, the last at last, must wait, or 0.
func (t Throttle) retryAfter(failures int, last, now time.Time) time.Duration {
	w := t.Wait(failures)
	if w == 0 {
		return 0
	}
	if until := last.Add(w); now.Before(until) {
		return until.Sub(now)
	}
	return 0
}
