package pgfeed

// domain names the domain this package serves in its *ValidationError
// values: feed's, as the transport of a Feed (see
// profilekit.ValidationError.Domain).
const domain = "feed"
