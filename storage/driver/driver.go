// Package driver holds what a storage adapter needs beyond the store
// interfaces of the domain packages, as database/sql/driver does for
// database/sql: helpers that keep every adapter's errors alike. Users of
// the SDK never need it; an adapter written outside this module does.
// Helpers of the presence adapters (the claim rule, the change feed's
// queue) are in presence/presencedriver.
package driver

import "github.com/convrs/profilekit/internal/kit"

// QuoteID returns id quoted for an error message, cut to its first 12
// bytes followed by "…" when longer: an adapter's errors name the
// operation and quote the ID with it, never in full, because IDs may be
// long or hostile. The result is valid UTF-8 whatever id holds.
func QuoteID(id string) string { return kit.QuoteID(id) }
