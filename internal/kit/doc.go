// Package kit holds the helpers every profilekit service shares and no
// user of the SDK needs: the clock fallback, observer dispatch, the default
// instance name, the ID check as a boolean, the short quoting of IDs in
// errors and the shorthand for returning collected field errors. The root
// package profilekit keeps the user's API (the error model, Clock,
// Observer, events, the ID rule); storage/driver re-exports what adapters
// written outside this module need.
package kit
