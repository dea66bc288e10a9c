package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/convrs/profilekit"

	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/profile"
	"github.com/convrs/profilekit/session"
)

// streamID is the event ID every stream sends once: a browser that
// reconnects sends it back as Last-Event-ID, and is told to reload
// ("reset"), since the feed replays nothing.
const streamID = "live"

// events streams the signed-in agent's live changes as server-sent events,
// from the SDK's feed (every instance's events) and the instance's
// notification hub: "status" (presence), "profile" (saved by the agent or
// an administrator), "password" (changed), "preferences" (notification
// preferences saved), "notification" (an alert), "signed_out" (this
// session was revoked, here or on another instance; the stream then ends)
// and "reset" when the page must reload its state because events may have
// been missed. feed.Streams counts the streams: past a cap per session,
// per agent or in all (Config.Streams), a new one is refused with 429
// feed.too_many_streams, which an EventSource does not retry.
func (a *App) events(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	stream, err := a.streams.Open(s.AgentID, s.SessionID)
	if errors.Is(err, profilekit.ErrClosed) {
		return errShuttingDown
	}
	if err != nil {
		return err
	}
	defer stream.Close()
	ctx, cancel := context.WithCancel(r.Context())
	defer cancel()
	go func() {
		select {
		case <-stream.Done():
			cancel()
		case <-ctx.Done():
		}
	}()
	rc := http.NewResponseController(w)
	// The stream outlives the server's ReadTimeout and WriteTimeout; a read
	// deadline left in place would cancel the request's context.
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	sub, err := a.feed.Subscribe(ctx, s.AgentID)
	if err != nil {
		return err
	}
	defer func() { _ = sub.Close() }()
	notes, err := a.hub.Subscribe(ctx, s.AgentID)
	if err != nil {
		return err
	}
	defer func() { _ = notes.Close() }()
	if err := a.tracker.Heartbeat(ctx, s.AgentID, s.presenceID()); err != nil {
		if _, err := a.tracker.Connect(ctx, s.AgentID, s.presenceID()); err != nil {
			return err
		}
	}
	st, err := a.tracker.Get(ctx, s.AgentID)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	_, _ = fmt.Fprintf(w, "retry: 2000\nid: %s\n\n", streamID)
	if r.Header.Get("Last-Event-ID") != "" {
		writeEvent(w, "reset", struct{}{})
	}
	writeEvent(w, "status", st)
	if err := rc.Flush(); err != nil {
		return nil
	}
	tick := time.NewTicker(a.cfg.Heartbeat) // keeps the sign-in and presence alive, and proxies open
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case e, ok := <-sub.C():
			if !ok {
				writeEvent(w, "reset", struct{}{}) // the feed ended: reload and reconnect
				_ = rc.Flush()
				return nil
			}
			if revoked, ok := e.(session.Revoked); ok && slices.Contains(revoked.SessionIDs, s.SessionID) {
				writeEvent(w, "signed_out", map[string]string{"reason": revoked.Reason.String()})
				_ = rc.Flush()
				return nil
			}
			writeFeedEvent(w, e)
		case n, ok := <-notes.C():
			if !ok {
				return nil
			}
			if n.Kind != notify.PreferencesChanged { // preferences arrive from the feed
				writeEvent(w, "notification", n)
			}
		case <-tick.C:
			// An open page keeps its session in use; a session that ended
			// without a Revoked reaching this instance (it expired, or the
			// feed lost the event) ends the stream here.
			if _, err := a.sessions.Lookup(ctx, s.token); errors.Is(err, session.ErrNotFound) {
				writeEvent(w, "signed_out", map[string]string{"reason": session.ReasonExpired.String()})
				_ = rc.Flush()
				return nil
			}
			_ = a.tracker.Heartbeat(ctx, s.AgentID, s.presenceID())
			_, _ = fmt.Fprint(w, ": ping\n\n")
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// profileEvent is the data of a "profile" event.
type profileEvent struct {
	Kind     string   `json:"kind"`
	Version  int64    `json:"version"`
	Fields   []string `json:"fields"`
	Instance string   `json:"instance"`
}

// writeFeedEvent writes the SSE event of one event of the feed; events the
// page does not show are skipped.
func writeFeedEvent(w http.ResponseWriter, e any) {
	switch e := e.(type) {
	case profile.Saved:
		writeEvent(w, "profile", profileEvent{Kind: string(e.Kind()), Version: e.Version, Fields: e.Fields, Instance: e.Instance})
	case profile.AdminChanged:
		writeEvent(w, "profile", profileEvent{Kind: string(e.Kind()), Version: e.Version, Fields: e.Fields, Instance: e.Instance})
	case password.Changed:
		writeEvent(w, "password", map[string]string{"kind": string(e.Kind()), "instance": e.Instance})
	case presence.StatusChanged:
		writeEvent(w, "status", e.Presence)
	case presence.SessionConnected:
		writeEvent(w, "status", e.Presence)
	case presence.SessionEnded:
		writeEvent(w, "status", e.Presence)
	case notify.PreferencesSaved:
		writeEvent(w, "preferences", e.Preferences)
	case feed.Lost:
		writeEvent(w, "reset", struct{}{})
	}
}

// writeEvent writes one event in the text/event-stream format. The data
// is one line of JSON, so it needs no splitting.
func writeEvent(w http.ResponseWriter, name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	_, _ = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
}
