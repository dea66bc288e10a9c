// Package sessionmock holds a moq-generated mock of session.Store for
// consumers' tests: StoreMock.
//
// The mock records the arguments of every call, a session.Record's Hash
// and GetSession's hash included. A session.Hash prints as "[redacted]"
// through every fmt verb and JSON, and keeps its bytes behind a pointer,
// which fmt prints as an address where it cannot call the Hash's methods
// (inside the mock's unexported fields), so no call record ever shows a
// hash; compare hashes in a test with Hash.Equal and session.HashToken.
// The mock never sees a token: the Service hands a Store hashes only.
//
// For events use profilekit.ObserverFunc; for time, any profilekit.Clock.
//
// The mock is regenerated with go generate in package session.
package sessionmock
