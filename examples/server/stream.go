package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/convrs/profilekit/notify"
)

// heartbeatEvery is how often a stream keeps the agent's presence session
// alive, re-checks the sign-in and sends a comment to keep proxies open.
const heartbeatEvery = 10 * time.Second

// events streams the signed-in agent's live changes as server-sent events:
// "status" (presence, from every instance through presence.Watch),
// "profile" and "password" (saves on this instance, or on any instance
// sharing the PostgreSQL database, through the event bus), "preferences" and
// "notification" (from every instance through the notify hub and its
// relay), and "reset" when the
// client must reload its state because what it missed cannot be replayed.
// A client that reconnects with Last-Event-ID gets the events it missed
// while this instance still has them.
func (a *App) events(w http.ResponseWriter, r *http.Request, s *session) error {
	ctx := r.Context()
	rc := http.NewResponseController(w)
	// The stream outlives the server's ReadTimeout and WriteTimeout; a read
	// deadline left in place would cancel the request's context.
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	sub, replay, reset, ok := a.broker.subscribe(s.AgentID, s.Hash, r.Header.Get("Last-Event-ID"))
	if !ok {
		return errShuttingDown
	}
	defer a.broker.unsubscribe(sub)
	notes, err := a.hub.Subscribe(ctx, s.AgentID)
	if err != nil {
		return err
	}
	defer notes.Close()
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
	_, _ = fmt.Fprint(w, "retry: 2000\n\n")
	if reset {
		writeEvent(w, sseEvent{Name: "reset", Data: []byte(`{}`)})
	}
	for _, e := range replay {
		writeEvent(w, e)
	}
	data, _ := json.Marshal(st)
	writeEvent(w, sseEvent{Name: "status", Data: data})
	if err := rc.Flush(); err != nil {
		return nil
	}
	tick := time.NewTicker(heartbeatEvery)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-sub.done:
			return nil
		case e := <-sub.ch:
			writeEvent(w, e)
		case n, ok := <-notes.C():
			if !ok {
				return nil
			}
			writeNotification(w, n)
		case <-tick.C:
			if _, err := a.authenticate(r); err != nil {
				return nil // signed out or expired, perhaps on another instance
			}
			_ = a.tracker.Heartbeat(ctx, s.AgentID, s.presenceID())
			_, _ = fmt.Fprint(w, ": ping\n\n")
		}
		if err := rc.Flush(); err != nil {
			return nil
		}
	}
}

// writeNotification writes a Notification from the hub: "preferences"
// with the saved preferences, or "notification". Notifications have no
// event ID: an alert missed while disconnected is not replayed.
func writeNotification(w http.ResponseWriter, n notify.Notification) {
	if n.Kind == notify.PreferencesChanged && n.Preferences != nil {
		data, _ := json.Marshal(n.Preferences)
		writeEvent(w, sseEvent{Name: "preferences", Data: data})
		return
	}
	data, _ := json.Marshal(n)
	writeEvent(w, sseEvent{Name: "notification", Data: data})
}

// writeEvent writes one event in the text/event-stream format. Data is
// one line of JSON, so it needs no splitting.
func writeEvent(w http.ResponseWriter, e sseEvent) {
	if e.ID != "" {
		_, _ = fmt.Fprintf(w, "id: %s\n", e.ID)
	}
	_, _ = fmt.Fprintf(w, "event: %s\ndata: %s\n\n", e.Name, e.Data)
}
