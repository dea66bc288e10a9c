package pgfeed

// domain names the domain this package serves in its *ValidationError
// values: feed's, which reports under the profile domain (see feed's
// domain and profilekit.ValidationError.Domain).
const domain = "profile"
