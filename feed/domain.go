package feed

// domain names the domain this package serves in its *ValidationError
// values (see profilekit.ValidationError.Domain). A Feed carries every
// domain's events, and what it refuses is an agent ID or an event about an
// agent: the profile domain's subject.
const domain = "profile"
