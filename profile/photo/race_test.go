//go:build race

package photo_test

// raceEnabled tells that the race detector runs, which multiplies the
// resident set: memory tests then check the heap alone.
const raceEnabled = true
