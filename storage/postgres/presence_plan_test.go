package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/presence"
)

// eligibleSQL is ListEligible's statement.
const eligibleSQL = `SELECT c.agent
	FROM unnest($1::text[]) WITH ORDINALITY AS c(agent, ord)
	JOIN presence_agents a ON a.agent = c.agent
	WHERE a.online_until > $2
		AND NOT (a.busy AND (a.busy_until IS NULL OR a.busy_until > $2))
		AND (a.capacity = 0 OR a.active < a.capacity)
	ORDER BY c.ord`

// TestListEligiblePlan shows why ListEligible runs as an unnamed
// statement. Over 10,000 agents and 10,000 candidates, the generic plan a
// prepared statement switches to after five runs (forced here with
// plan_cache_mode) expects about ten candidates and probes the primary key
// once per candidate:
//
//	Nested Loop (actual rows=8000 loops=1)
//	  ->  Function Scan on unnest c (actual rows=10000 loops=1)
//	  ->  Index Scan using presence_agents_pkey on presence_agents a (actual rows=1 loops=10000)
//	        Index Cond: (agent = c.agent)
//	        Filter: ((online_until > $2) AND ...)
//
// while the plan made for the actual array, which an unnamed statement
// gets on every run, hashes the candidates against one scan:
//
//	Sort (actual rows=8000 loops=1)
//	  Sort Key: c.ord
//	  ->  Hash Join (actual rows=8000 loops=1)
//	        Hash Cond: (c.agent = a.agent)
//	        ->  Function Scan on unnest c (actual rows=10000 loops=1)
//	        ->  Hash (actual rows=8000 loops=1)
//	              ->  Seq Scan on presence_agents a (actual rows=8000 loops=1)
//	                    Filter: ((online_until > '2026-11-27 ...'::timestamp with time zone) AND ...)
//
// (EXPLAIN ANALYZE on this machine: 75 ms against 64 ms, both under load;
// the issue measured 15 ms against 6 ms on the server.) The test checks
// the plan's shape, not its time.
func TestListEligiblePlan(t *testing.T) {
	s, dsn, schema := openTest(t)
	t.Cleanup(func() { _ = s.Close() })
	ctx := context.Background()
	tr := presence.New(s, &presence.Options{TTL: time.Hour})
	_, err := tr.Connect(ctx, "agent-00000", "s") // creates the tables' first rows through the store
	require.NoError(t, err)

	cfg, err := pgx.ParseConfig(dsn)
	require.NoError(t, err)
	cfg.RuntimeParams["search_path"] = schema
	conn, err := pgx.ConnectConfig(ctx, cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(ctx) })
	_, err = conn.Exec(ctx, `INSERT INTO presence_agents (agent, busy, online_until, active, capacity)
		SELECT 'agent-' || lpad(i::text, 5, '0'), i % 10 = 0, now() + interval '1 hour',
			CASE WHEN i % 10 = 5 THEN 1 ELSE 0 END, CASE WHEN i % 10 = 5 THEN 1 ELSE 0 END
		FROM generate_series(1, 9999) i; ANALYZE presence_agents`)
	require.NoError(t, err)
	candidates := make([]string, 10_000)
	for i := range candidates {
		candidates[i] = fmt.Sprintf("agent-%05d", i)
	}
	explain := func(sql string, args ...any) string {
		rows, err := conn.Query(ctx, sql, append([]any{pgx.QueryExecModeExec}, args...)...)
		require.NoError(t, err)
		lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
		require.NoError(t, err)
		return strings.Join(lines, "\n")
	}

	custom := explain("EXPLAIN (COSTS OFF) "+eligibleSQL, candidates, time.Now())
	t.Logf("unnamed statement:\n%s", custom)
	assert.Contains(t, custom, "Hash Join")

	_, err = conn.Exec(ctx, "PREPARE elig(text[], timestamptz) AS "+eligibleSQL+"; SET plan_cache_mode = force_generic_plan")
	require.NoError(t, err)
	// EXECUTE takes no bind parameters: the array goes in as a literal.
	generic := explain("EXPLAIN (COSTS OFF) EXECUTE elig('{" + strings.Join(candidates, ",") + "}', now())")
	t.Logf("generic plan:\n%s", generic)
	assert.Contains(t, generic, "Nested Loop")

	got, err := tr.Eligible(ctx, candidates)
	require.NoError(t, err)
	assert.Equal(t, 8001, len(got), "agent-00000 and the 8,000 of the others neither busy nor full")
}
