package pgnotify

// domain names the domain this package serves in its *ValidationError
// values: notify's (see profilekit.ValidationError.Domain).
const domain = "notify"
