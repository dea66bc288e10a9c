package feed

// domain names this package in its *ValidationError values (see
// profilekit.ValidationError.Domain): a Feed carries every domain's events,
// so what it refuses (an agent ID to subscribe to, an event too large to
// send) is its own.
const domain = "feed"
