// Command redispresence wires one service the way a team whose presence
// outgrew its database would: profiles, credentials and notification
// preferences in SQLite (or PostgreSQL: only the Open call changes),
// presence in Redis, with each agent's hand-set Busy and capacity also
// kept in SQL so that they survive Redis restarting empty. Two Trackers
// stand for two service instances sharing Redis.
//
//	go run ./examples/redispresence -redis redis://127.0.0.1:6379/0
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/storage/redis"
	"github.com/convrs/profilekit/storage/sqlite"
)

func main() {
	url := flag.String("redis", "redis://127.0.0.1:6379/0", "Redis URL for presence")
	flag.Parse()
	dir, err := os.MkdirTemp("", "redispresence")
	if err == nil {
		defer os.RemoveAll(dir)
		err = run(context.Background(), os.Stdout, *url, filepath.Join(dir, "profilekit.db"), "redispresence-example:")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "redispresence:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, w io.Writer, url, dbPath, prefix string) error {
	db, err := sqlite.Open(ctx, dbPath, nil) // profiles, credentials, preferences, durable Busy
	if err != nil {
		return err
	}
	defer db.Close()
	// ServerTime: Redis's clock, not each instance's, says when a session
	// has expired, so instances whose clocks disagree agree on who is online.
	opts := &redis.Options{Prefix: prefix, Durable: db, Time: redis.ServerTime}
	instanceA, err := redis.Open(ctx, url, opts)
	if err != nil {
		return err
	}
	defer instanceA.Close()
	instanceB, err := redis.Open(ctx, url, opts)
	if err != nil {
		return err
	}
	defer instanceB.Close()

	profiles := profile.New(db, nil)
	passwords := password.New(db, nil)
	page := presence.New(instanceA, nil)   // the agent's My profile page, on instance A
	router := presence.New(instanceB, nil) // the chat router, on instance B

	p, err := profiles.Create(ctx, profile.NewAgent{Username: "ada", Role: "agent", Name: "Ada Lovelace", PublicName: "Ada"})
	if err != nil {
		return err
	}
	subject := password.Subject{AgentID: p.ID, Username: p.Username, Name: p.Name, PublicName: p.PublicName}
	if err := passwords.Set(ctx, subject, "analytical engine punched cards"); err != nil {
		return err
	}
	fmt.Fprintf(w, "profile and password of %s in SQLite\n", p.Name)

	if _, err := page.Connect(ctx, p.ID, "tab1"); err != nil {
		return err
	}
	if _, err := page.SetBusy(ctx, p.ID, false); err != nil {
		return err
	}
	eligible, err := router.Eligible(ctx, []string{p.ID})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "online in Redis; eligible on instance B: %d\n", len(eligible))

	now, err := page.SetBusyFor(ctx, p.ID, "lunch", 0)
	if err != nil {
		return err
	}
	err = router.Claim(ctx, p.ID, "chat-42")
	fmt.Fprintf(w, "busy (%s) set on A; claim on B refused as busy: %t\n", now.BusyReason, errors.Is(err, presence.ErrBusy))

	kept, err := db.GetPresence(ctx, p.ID, time.Now())
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Busy kept in SQL too, should Redis restart empty: %t (%s)\n", kept.Busy, kept.BusyReason)
	_, err = page.SetBusy(ctx, p.ID, false)
	return err
}
