// Package presencetest holds hand-written helpers for testing code that
// uses package presence: Next reads a Watcher's next change without
// letting a test hang. The manual clock and the event recorder every
// profilekit test uses, presence's included, are profilekittest.Clock and
// profilekittest.Recorder.
package presencetest
