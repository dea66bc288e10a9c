// Package passwordmock holds moq-generated mocks of the password package's
// interfaces (CredentialStore, Hasher, Blocklist, Observer, Clock) for
// consumers' tests. Regenerate them with go generate in package password.
package passwordmock
