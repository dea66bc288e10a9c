package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/feed/pgfeed"
	"github.com/convrs/profilekit/notify"
	"github.com/convrs/profilekit/notify/pgnotify"
	"github.com/convrs/profilekit/presence"
)

// crossInstance opens what carries events and alerts to every instance:
// NATS with -nats (openNATS, built with -tags nats); the PostgreSQL
// database's LISTEN/NOTIFY on the one pool on PostgreSQL (pgfeed for the
// feed, pgnotify for alerts, with a relay into this instance's hub); this
// process alone on SQLite (a Local feed, alerts straight to the hub).
func (a *App) crossInstance(ctx context.Context) (feed.Transport, notify.Notifier, error) {
	switch {
	case a.cfg.NATSURL != "":
		return a.openNATS(ctx)
	case a.pool != nil:
		alerts, err := pgnotify.New(a.pool, &pgnotify.Options{Channel: a.channel("profilekit")})
		if err != nil {
			return nil, nil, fmt.Errorf("server: %w", err)
		}
		transport, err := pgfeed.New(a.pool, &pgfeed.Options{Channel: a.channel("profilekit_feed")})
		if err != nil {
			return nil, nil, fmt.Errorf("server: %w", err)
		}
		relay, err := alerts.Relay(ctx, a.hub)
		if err != nil {
			return nil, nil, fmt.Errorf("server: pgnotify relay: %w", err)
		}
		a.closers = append(a.closers, relay.Close)
		return transport, alerts, nil
	}
	return feed.NewLocal(), a.hub, nil
}

// channel names a PostgreSQL NOTIFY channel of this deployment: channels
// are database-wide, so deployments in other schemas of the database get
// their own.
func (a *App) channel(base string) string {
	if a.cfg.PostgresSchema == "" {
		return base
	}
	return base + "_" + a.cfg.PostgresSchema
}

// dispatcher is the notification Dispatcher: it asks presence whether an
// agent is busy and sends alerts to every instance's hub, which the event
// streams subscribe to.
func (a *App) dispatcher(alerts notify.Notifier) *notify.Dispatcher {
	busy := notify.AvailabilityFunc(func(ctx context.Context, agentID string) (bool, error) {
		p, err := a.tracker.Get(ctx, agentID)
		return p.Status == presence.Busy, err
	})
	return notify.New(a.store, busy, alerts, &notify.Options{Clock: a.cfg.Clock, Observer: a.feed, Instance: a.cfg.Instance})
}

// getPreferences answers the agent's notification preferences (the
// Catalogue's defaults, marked default, until the agent saves).
func (a *App) getPreferences(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	p, err := a.notifier.Preferences(r.Context(), s.AgentID)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// getCatalogue answers the sounds and kinds of alert on offer.
func (a *App) getCatalogue(w http.ResponseWriter, _ *http.Request, _ *signedIn) error {
	writeJSON(w, http.StatusOK, a.notifier.Catalogue())
	return nil
}

// preferencesRequest is a save of the Notifications tab.
type preferencesRequest struct {
	Version int64 `json:"version"`
	notify.Update
}

// putPreferences saves the Notifications tab; every live session of the
// agent, on every instance, receives the new preferences.
func (a *App) putPreferences(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	req := preferencesRequest{Version: -1}
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if req.Version < 0 {
		return errVersionMissing
	}
	p, err := a.notifier.SavePreferences(r.Context(), s.AgentID, req.Version, req.Update)
	if errors.Is(err, notify.ErrConflict) {
		if cur, gerr := a.notifier.Preferences(r.Context(), s.AgentID); gerr == nil {
			return &conflictError{err: err, current: cur.Version}
		}
	}
	if err != nil && !errors.Is(err, notify.ErrUndelivered) {
		return err
	}
	if err != nil {
		a.log.WarnContext(r.Context(), "preferences saved but not delivered", "request_id", requestID(r.Context()), "err", err.Error())
	}
	writeJSON(w, http.StatusOK, p)
	return nil
}

// demoNotificationRequest raises an alert for an agent, as the chat
// platform would.
type demoNotificationRequest struct {
	AgentID string      `json:"agent_id"`
	Kind    notify.Kind `json:"kind"`
	ChatID  string      `json:"chat_id"`
	Sender  string      `json:"sender"`
	Text    string      `json:"text"`
}

// demoNotificationResponse says whether the alert was sent, and what.
type demoNotificationResponse struct {
	Sent         bool                 `json:"sent"`
	Notification *notify.Notification `json:"notification,omitempty"`
}

// demoNotification raises a "new message" or "incoming chat" alert for an
// agent through the Dispatcher: it reaches the agent's streams on every
// instance, by the agent's preferences; an incoming chat never reaches a
// busy agent. An agent raises alerts for herself only (the default); only
// an administrator names another agent, since the answer tells the
// agent's sound settings and, by sent, whether she is busy.
func (a *App) demoNotification(w http.ResponseWriter, r *http.Request, s *signedIn) error {
	var req demoNotificationRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	if req.AgentID == "" {
		req.AgentID = s.AgentID
	}
	if req.AgentID != s.AgentID {
		if err := a.requireAdmin(r, s); err != nil {
			return err
		}
	}
	if req.ChatID == "" {
		req.ChatID = "demo-chat"
	}
	if req.Sender == "" {
		req.Sender = "Demo customer"
	}
	n, sent, err := a.notifier.Dispatch(r.Context(), notify.Activity{
		AgentID: req.AgentID, Kind: req.Kind, ChatID: req.ChatID, Sender: req.Sender, Preview: req.Text,
	})
	if err != nil {
		return err
	}
	res := demoNotificationResponse{Sent: sent}
	if sent {
		res.Notification = &n
	}
	writeJSON(w, http.StatusOK, res)
	return nil
}
