package main

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/convrs/profilekit/storage/postgres"
)

// TestPostgresPoolSize: without pool_max_conns in the DSN the PostgreSQL
// pool has postgres.DefaultMaxConns connections for requests (the
// listeners take theirs out of it, and the pool opens others in their
// place); a DSN that gives pool_max_conns is obeyed, smaller or larger.
func TestPostgresPoolSize(t *testing.T) {
	e := newEnv(t, true)
	app, _ := e.start(e.cfg)
	assert.EqualValues(t, postgres.DefaultMaxConns, app.pool.Config().MaxConns)
	for _, given := range []int32{4, 40} {
		cfg := e.cfg
		cfg.Seed, cfg.Instance = false, "pool-"+strconv.Itoa(int(given))
		cfg.PostgresDSN += "&pool_max_conns=" + strconv.Itoa(int(given))
		other, _ := e.start(cfg)
		assert.Equal(t, given, other.pool.Config().MaxConns, "pool_max_conns=%d", given)
	}
}
