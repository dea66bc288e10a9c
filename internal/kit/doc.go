// Package kit holds the helpers every profilekit service shares and no
// user of the SDK needs: the clock fallback, observer dispatch, the default
// instance name, the ID check as a boolean, the short quoting of IDs in
// errors, the one validation collector (Collector, and Invalid for
// problems found at once), the problem of a message too large for its
// transport (TooLarge) and the one text form of enums (Enum). The root
// package profilekit keeps the user's API (the error model, Clock,
// Observer, events, the ID rule); storage/driver re-exports what adapters
// written outside this module need.
package kit
