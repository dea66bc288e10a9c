// Package passwordmock holds moq-generated mocks of the password package's
// interfaces for consumers' tests: CredentialStoreMock, HasherMock and
// BlocklistMock.
//
// # Secrets in call records
//
// A mock records the arguments of every call, and tests print them (%+v of
// HasherMock.HashCalls(), testify's failure messages, a %+v of the mock
// itself). So that no password or hash ever appears there, the mocks
// implement password's interfaces with every secret parameter in a
// redacting type: RedactedHasher and RedactedBlocklist take a Secret and
// RedactedCredentialStore's SetCredential a SecretCredential. Every fmt
// verb and JSON print them as "[redacted]", even from inside the mock's
// unexported fields, and a test calls Reveal to read the value. The
// functions Hasher, CredentialStore and Blocklist turn a mock into the
// password interface to pass to password.New or password.NewPolicy:
//
//	hasher := &passwordmock.HasherMock{
//		HashFunc: func(ctx context.Context, pw passwordmock.Secret) (string, error) { return "hash", nil },
//	}
//	svc := password.New(store, &password.Options{Hasher: passwordmock.Hasher(hasher)})
//
// after which hasher.HashCalls()[0].Password.Reveal() is the prepared
// password.
//
// For events use profilekit.ObserverFunc; for time, any profilekit.Clock.
//
// The mocks are regenerated with go generate in this package.
package passwordmock
