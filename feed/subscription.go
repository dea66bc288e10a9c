package feed

import (
	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/queue"
)

// Subscription receives a Feed's events, about one agent or every agent,
// from every instance. It has the shape of every subscription in
// profilekit: read C until it is closed, then Err says why; Close ends it.
//
// Events arrive as their Go types (profile.Saved, presence.StatusChanged,
// the application's own, Raw for a kind the Feed has no Type for), and a
// Lost where events may be missing, so that a reader switches on the type:
//
//	for e := range sub.C() {
//		switch e := e.(type) {
//		case profile.Saved: …
//		case feed.Lost: // reload
//		}
//	}
//
// The events of one instance about one agent arrive in the order that
// instance raised them. The subscription holds up to Options.Buffer
// events its reader has not taken; past that they are dropped for one
// Lost (LostBehind). Events delivered to several subscriptions share
// their slices and maps: readers must not change them. A Subscription is
// safe for concurrent use.
type Subscription struct {
	agent string
	q     *queue.Queue[profilekit.Event]
}

// C returns the channel the events arrive on. It is closed when the
// subscription ends.
func (s *Subscription) C() <-chan profilekit.Event { return s.q.C() }

// Err returns nil while the subscription is live, and then why it ended:
// an error wrapping its context's error, one matching profilekit.ErrClosed
// after Close or the Feed's Close, or the transport's permanent failure.
func (s *Subscription) Err() error { return s.q.Err() }

// Close ends the subscription and returns once C is closed. Closing twice
// does nothing. It returns nil.
func (s *Subscription) Close() error { return s.q.Close() }

// AgentID returns the agent subscribed to, or "" for every agent.
func (s *Subscription) AgentID() string { return s.agent }
