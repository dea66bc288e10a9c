// Package presence tracks each agent's availability (Available, Busy,
// Offline) and decides who may receive a new chat.
//
// # Model
//
// Busy is the agent's own choice: SetBusy, SetBusyFor and ToggleBusy set it,
// optionally with a reason and an expiry ("busy for 30 minutes"). Nothing
// automatic ever clears a Busy set by hand: a new tab, a reconnect, a
// restart of the service or an expired session leaves it as it was. Only
// the agent (SetBusy(false), ToggleBusy) or the expiry the agent chose ends
// it.
//
// Online or offline is derived from the agent's live sessions (browser tabs,
// devices): Connect and Heartbeat keep a session alive for Options.TTL; a
// session that stops heart-beating expires by itself and Disconnect ends it
// at once. An agent is online while at least one session is alive.
//
// The Status shown next to the agent's name is Busy while the agent is
// busy (online or not), otherwise Available while online, otherwise
// Offline; Status.Badge gives the label and colour the UI shows (a red
// "Busy" badge while busy).
//
// # Routing chats
//
// Eligible returns the candidates that may receive a new chat now: online,
// not busy, and holding fewer chats than their capacity when SetCapacity has
// set one. Claim atomically takes one unit of an agent's capacity for a chat
// and fails with ErrBusy, ErrOffline or ErrFull; Release gives it back. The
// check and the claim happen in one atomic step of the Store, so a router
// that assigns a chat only after a successful Claim never assigns a chat to
// an agent who is busy at that moment, even with many service instances
// racing against the agent's toggle.
//
// # Guarantees
//
// Toggles are linearizable: once SetBusy(ctx, agent, true) (or a
// ToggleBusy or SetBusyFor that made the agent busy) has returned, no later
// Eligible or Claim on any Tracker sharing the same store includes that
// agent, until the agent becomes available again. The Store enforces this
// with its own atomic operations, not with locks in a Tracker, so it holds
// across processes.
//
// Watch delivers every change of an agent's presence, in order per agent:
// writes made through any Tracker sharing the store (when the store
// implements ChangeFeed; PostgreSQL does so with LISTEN/NOTIFY) and the
// changes that time makes by itself, a busy expiry or the last session
// expiring.
//
// # Time
//
// Every Tracker call reads Options.Clock once and passes that instant to the
// Store, which computes session and busy expiry against it. Trackers
// sharing a store should therefore run on machines whose clocks are
// synchronised (NTP keeps them within milliseconds); a skew of d moves
// expiries by at most d and never affects a Busy set without an expiry.
// Passing the instant in, rather than reading the database's clock, keeps
// every adapter's behaviour identical and testable with a fake clock.
//
// # Concurrency
//
// A Tracker is safe for concurrent use. Every method takes a context and
// returns an error wrapping ctx.Err() once it is done. New starts no
// goroutines; Watch starts one (and the store's feed one per
// subscription), which end with its context.
package presence
