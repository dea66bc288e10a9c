// Package presencetest holds hand-written fakes for testing code that uses
// package presence: Clock, a manual profilekit.AlarmClock to drive session
// and busy expiry; Recorder, a profilekit.Observer that keeps the events a
// Tracker raises; and Next, which reads a Watcher's next change without
// letting a test hang.
package presencetest
