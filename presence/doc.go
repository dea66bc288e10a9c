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
// Route is that router's loop, written once: it reads who is eligible,
// claims the chat for one of them, taking turns so that chats spread
// evenly, moves on to the next when a claim loses its race with a change,
// reads again when every one did (at most MaxRouteRounds times), and
// fails with ErrNoAgent when nobody can take the chat. Routing a chat a
// candidate already holds returns that agent, so a retried request does
// not assign the chat twice.
//
// # Guarantees
//
// Toggles are linearizable: once SetBusy(ctx, agent, true) (or a
// ToggleBusy or SetBusyFor that made the agent busy) has returned, no later
// Eligible or Claim on any Tracker sharing the same store includes that
// agent, until the agent becomes available again. The Store enforces this
// with its own atomic operations, not with locks in a Tracker, so it holds
// across processes. It holds as long as the Store keeps what it confirmed:
// storage/redis, whose data Redis may lose, keeps a durable copy of Busy
// in a SQL store and refuses to run without one unless told that losing
// Busy is accepted (its Options.Ephemeral).
//
// # Events
//
// Two feeds report changes, for two purposes.
//
// Options.Observer receives typed events, StatusChanged (Busy, its reason
// or its expiry changed), SessionConnected and SessionEnded, each
// embedding profilekit.EventMeta (agent, instant, instance), after the
// change is stored and before the call returns, in order per agent. They
// are local: an Observer sees the calls made through its own Tracker (and
// the expiries a running Watch of that Tracker notices), never another
// instance's. Use it for audit logs and metrics. An expiry event carries
// the instant of the expiry and is raised when the Watch notices it, so it
// can follow the event of a later write; the events of writes are always
// in the order their writes were stored. A feed.Feed as the Observer
// carries the events of writes to every instance, and reports expiries
// once per subscriber from its WatchPresence.
//
// Watch is the cross-instance feed of presence changes, what a live page (the badge next to
// each agent's name) subscribes to: it delivers every change of an
// agent's presence, in order per agent, made through any Tracker sharing
// the store, and the changes that time makes by itself, a busy expiry or
// the last session expiring. It needs a store that implements ChangeFeed,
// and reaches as far as that feed does: storage/memory delivers the
// writes made through the same Store value, in one process;
// storage/sqlite the writes of every process that opened the same file
// (read from a change log polled at least every 100 ms); storage/postgres
// the writes of every instance on the same database and schema
// (LISTEN/NOTIFY).
//
// # Errors
//
// Every agent, session and chat ID follows profilekit's one ID rule
// (profilekit.CheckID), checked before any store call. A busy reason is
// optional free text under the rule every profilekit text field follows
// (see ParseReason): PRECIS Nickname, no control, bidirectional or
// zero-width characters, at most MaxReasonLength characters and
// MaxReasonBytes bytes; white space only means no reason. A rejected input
// returns a *ValidationError (profilekit's type) listing every problem,
// each with a Field constant and a profilekit Code; the sentinels ErrBusy,
// ErrOffline, ErrFull, ErrChatTaken, ErrNotClaimed, ErrNoAgent and ErrNoFeed carry
// codes too, so profilekit.CodeOf maps any error with one switch. Store
// errors are returned as the adapter wrote them, naming the operation and
// at most a short prefix of each ID.
//
// # Writing a store
//
// A Store is implemented by a storage adapter, not by a program that uses
// a Tracker: package presencedriver holds what adapters share (the claim
// rule, an in-process ChangeFeed), and storage/storagetest's
// RunPresenceStore is the conformance suite every adapter passes.
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
