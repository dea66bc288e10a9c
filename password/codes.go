package password

// Stable, machine-readable codes of the Violations in a *ValidationError and
// of ThrottledError. They never change; messages may.
const (
	// CodeTooShort means that the password has fewer characters than the
	// policy's minimum.
	CodeTooShort = "password.too_short"
	// CodeTooLong means that the password has more characters than the
	// policy's maximum.
	CodeTooLong = "password.too_long"
	// CodeInvalid means that the password holds a character the PRECIS
	// OpaqueString profile forbids (a control character, for example).
	CodeInvalid = "password.invalid"
	// CodeBreached means that the password is on a blocklist of common or
	// breached passwords.
	CodeBreached = "password.breached"
	// CodeBreachCheckUnavailable means that a blocklist could not be
	// consulted (the breached-password service did not answer) and its
	// failure policy is to refuse.
	CodeBreachCheckUnavailable = "password.breach_check_unavailable"
	// CodeContainsUsername means that the password contains the agent's
	// username or is a near-copy of it.
	CodeContainsUsername = "password.contains_username"
	// CodeContainsName means that the password contains the agent's name or
	// public name, or a word of either.
	CodeContainsName = "password.contains_name"
	// CodeContainsEmail means that the password contains a part of the
	// agent's e-mail address.
	CodeContainsEmail = "password.contains_email"
	// CodeContainsProductName means that the password contains the
	// product's name or another word the policy forbids.
	CodeContainsProductName = "password.contains_product_name"
	// CodeRepetitive means that the password is one short run of characters
	// repeated ("aaaaaaaaaaaaaaaa", "abcabcabcabcabc").
	CodeRepetitive = "password.repetitive"
	// CodeSequential means that the password is a sequence of consecutive
	// characters ("1234567890123456", "abcdefghijklmnop").
	CodeSequential = "password.sequential"
	// CodeReused means that the password is one of the agent's last
	// passwords.
	CodeReused = "password.reused"
	// CodeIncorrect means that the current password is wrong.
	CodeIncorrect = "password.incorrect"
	// CodeMismatch means that the new password and its repetition differ.
	CodeMismatch = "password.mismatch"
	// CodeSameAsCurrent means that the new password equals the current one.
	CodeSameAsCurrent = "password.same_as_current"
	// CodeThrottled means that the agent made too many wrong attempts and
	// must wait; see ThrottledError.
	CodeThrottled = "password.throttled"
)
