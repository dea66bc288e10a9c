// Package notifytest holds hand-written fakes for tests of code that uses
// notify: a Recorder that keeps every Notification it is given and an
// Availability whose busy agents a test sets.
package notifytest
