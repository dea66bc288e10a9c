// Package presencetest holds hand-written fakes for testing code that uses
// package presence: Clock, a manual clock to drive session and busy expiry,
// and Next, which reads a Watcher's next change without letting a test
// hang.
package presencetest
