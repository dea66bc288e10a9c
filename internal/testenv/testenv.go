// Package testenv gives the tests that need a real server (PostgreSQL,
// NATS) their address from the environment, skipping with a clear message
// when it is unset, and names of their own for what they create there.
// Only tests import it.
package testenv

import (
	"crypto/rand"
	"encoding/hex"
	"os"
	"testing"
)

// The variables that hold the test servers' addresses. .ci/run sets them.
const (
	// PostgresEnv holds the test database's DSN.
	PostgresEnv = "PROFILEKIT_POSTGRES_DSN"
	// NATSEnv holds the test NATS server's URL.
	NATSEnv = "PROFILEKIT_NATS_URL"
)

// Postgres returns the test database's DSN, or skips t when PostgresEnv is
// unset.
func Postgres(t testing.TB) string {
	t.Helper()
	dsn := os.Getenv(PostgresEnv)
	if dsn == "" {
		t.Skipf("PostgreSQL tests need a database: set %s, for example "+
			"%s='postgres://postgres@127.0.0.1:5432/test?sslmode=disable' (.ci/run sets it)", PostgresEnv, PostgresEnv)
	}
	return dsn
}

// NATS returns the test NATS server's URL, or skips t when NATSEnv is
// unset.
func NATS(t testing.TB) string {
	t.Helper()
	u := os.Getenv(NATSEnv)
	if u == "" {
		t.Skipf("NATS tests need a server: set %s, for example %s=nats://127.0.0.1:4222 (.ci/run sets it)", NATSEnv, NATSEnv)
	}
	return u
}

// Name returns "profilekit_test_" and n random bytes in hex: a schema or
// channel name no other test uses.
func Name(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return "profilekit_test_" + hex.EncodeToString(b)
}
