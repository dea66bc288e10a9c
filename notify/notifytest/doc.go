// Package notifytest holds hand-written fakes for tests of code that uses
// notify (a Recorder that keeps every Notification it is given and an
// Availability whose busy agents a test sets) and the conformance runners
// of notifiers and relays: RunNotifier checks a notify.Notifier (delivery
// to the right agent only, order per agent, a closed notifier, a cancelled
// context, concurrent use) and RunRelay a relay that forwards another
// instance's Notifications into a Notifier (natsnotify's Relay,
// pgnotify's Relay). notify/hub, notify/webhook, notify/natsnotify and
// notify/pgnotify run them.
package notifytest
