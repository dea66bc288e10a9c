// Package notify implements the notifications part of the agent's My
// profile page: "Set up sound and browser notifications for chat activity
// … Your notification preferences are saved and applied immediately."
//
// # Preferences
//
// An agent has one Alert per kind of alert (NewMessage, IncomingChat, and
// any kind the embedding service adds to its Catalogue): sound on or off,
// which sound (from the Catalogue, whose default differs between kinds),
// volume 0 to 100, browser notifications on or off, and whether to show
// them only while the page's window is not focused; plus QuietWhileBusy,
// which silences alerts that reach a busy agent. An agent who never saved
// gets the Catalogue's defaults from the same call, Dispatcher.Preferences,
// marked Default, so a client never guesses. Dispatcher.SavePreferences
// validates with the shared error model (event_kind.unknown,
// sound.unknown, volume.out_of_range), stores with a version check through
// a PreferenceStore (a second tab that saves first makes the other's save
// fail with ErrConflict), raises a PreferencesSaved event and sends every
// live session of the agent a Notification of kind PreferencesChanged
// carrying the new preferences, so the next alert plays the new sound
// without a reload.
//
// # Dispatch
//
// Dispatcher.Dispatch turns a platform Activity (agent, kind, chat, sender,
// preview text, time) into a Notification: which sound, if any, at what
// volume, whether to show a browser notification, a title and a body, the
// body being the Preview of the text (markup, control and invisible
// characters removed, cut on a grapheme-cluster boundary). It asks an Availability
// whether the agent is busy; notify does not import presence, the
// embedding service wires one to the other. Incoming chats never reach a
// busy agent; new messages in chats the agent holds still do, silently
// when the agent asked for quiet while Busy, and silently too when that
// depends on an availability that cannot be read (the agent sees the chat
// either way).
//
// # Errors
//
// A rejected input is a *ValidationError (profilekit's type, so one
// errors.As target serves every package) naming the field (FieldAgentID,
// FieldChatID, FieldKind, or below FieldAlerts) with a profilekit code.
// Check the other errors with errors.Is: ErrConflict (a stale version),
// ErrNotFound (from a PreferenceStore only), ErrClosed (a notifier or
// subscription used after Close) and ErrUndelivered (saved, but not every
// live session was told). profilekit.CodeOf gives the code of any of them.
//
// # Events
//
// With Options.Observer set, a Dispatcher raises PreferencesSaved
// (profilekit.EventPreferencesSaved) after SavePreferences stores a save,
// before the call returns, in the order of the saves for each agent. Like
// every Observer event it is local to the instance that made the change (a
// feed.Feed as the Observer carries it to every instance); the live
// sessions on every instance also learn of the save from the Notification
// of kind PreferencesChanged sent to the Notifier.
//
// # Notifiers
//
// A Notifier delivers Notifications. NotifierFunc adapts a function and a
// Fanout hands one Notification to several notifiers at once, counting
// each one's failures without letting one stop the others. The adapters
// are subpackages:
//
//   - notify/hub: in-process, per-agent subscriptions with bounded
//     buffers, for streaming to the browser; slow subscribers lose their
//     oldest Notifications, counted, and never block anyone.
//   - notify/webhook: signed HTTP POSTs (HMAC-SHA256 over delivery ID,
//     timestamp and body) with timeouts and retries, to public addresses
//     unless allowed otherwise, and a Verifier for receivers, with an
//     optional guard against replays.
//   - notify/natsnotify: across service instances over NATS, one subject
//     per agent; a Relay on each instance feeds its hub.
//   - notify/pgnotify: across service instances through PostgreSQL
//     LISTEN/NOTIFY, for teams without NATS, wired the same way.
//
// A service with several instances gives each Dispatcher the NATS
// notifier and relays NATS into its local hub, so a Notification made on
// any instance reaches the agent's sessions on every instance, its own
// included.
//
// # Storage
//
// storage.Store embeds PreferenceStore; storage/memory, storage/sqlite and
// storage/postgres implement it and storagetest.RunPreferenceStore checks
// them. notify/notifytest has fakes (a recording Notifier, an
// Availability) and notify/notifymock moq mocks.
package notify
