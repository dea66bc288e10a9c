package main

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/convrs/profilekit/internal/pglisten"
)

// pgBus carries the server's live events that the library raises only
// locally (profile saved, password changed) to every instance on one
// PostgreSQL database, with LISTEN/NOTIFY, so that a tab on instance B sees
// a profile saved through instance A. Every instance, the sender included,
// publishes what arrives to its broker.
type pgBus struct {
	app     *App
	channel string
}

// busMessage is the NOTIFY payload.
type busMessage struct {
	Agent string          `json:"a"`
	Name  string          `json:"n"`
	Data  json.RawMessage `json:"d"`
}

// startBus listens on the database's channel before it returns, then
// relays in a goroutine that reconnects after failures until ctx ends.
func (a *App) startBus(ctx context.Context) error {
	ch := "profilekit_server"
	if a.cfg.PostgresSchema != "" {
		ch += "_" + a.cfg.PostgresSchema
	}
	b := &pgBus{app: a, channel: ch}
	conn, err := b.listen(ctx)
	if err != nil {
		return err
	}
	a.bus = b
	a.wg.Add(1)
	go func() {
		defer a.wg.Done()
		for {
			b.relay(ctx, conn)
			pglisten.Close(conn)
			if ctx.Err() != nil {
				return
			}
			a.broker.resetAll() // events may have been missed
			for conn = nil; conn == nil; {
				select {
				case <-ctx.Done():
					return
				case <-time.After(time.Second):
				}
				conn, _ = b.listen(ctx)
			}
		}
	}()
	return nil
}

// listen opens a connection of its own and LISTENs on the channel.
func (b *pgBus) listen(ctx context.Context) (*pgx.Conn, error) {
	cfg, err := pgx.ParseConfig(b.app.cfg.PostgresDSN)
	if err != nil {
		return nil, fmt.Errorf("server: the PostgreSQL DSN does not parse")
	}
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("server: event bus: %w", err)
	}
	if err := pglisten.Listen(ctx, conn, b.channel); err != nil {
		return nil, fmt.Errorf("server: event bus: %w", err)
	}
	return conn, nil
}

// relay publishes what arrives until the connection fails or ctx ends.
func (b *pgBus) relay(ctx context.Context, conn *pgx.Conn) {
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			if ctx.Err() == nil {
				b.app.log.Warn("event bus failed; reconnecting", "err", err.Error())
			}
			return
		}
		var m busMessage
		if json.Unmarshal([]byte(n.Payload), &m) == nil && m.Agent != "" {
			b.app.broker.publish(m.Agent, m.Name, m.Data)
		}
	}
}

// send publishes an event to every instance. It returns an error when the
// database refuses; the caller then publishes locally.
func (b *pgBus) send(ctx context.Context, agent, name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	payload, err := json.Marshal(busMessage{Agent: agent, Name: name, Data: data})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
	defer cancel()
	_, err = b.app.db.db.ExecContext(ctx, `SELECT pg_notify($1, $2)`, b.channel, string(payload))
	return err
}
