// Package presencetest holds hand-written fakes for testing code that uses
// package presence: Clock, a manual clock to drive session and busy expiry.
package presencetest
