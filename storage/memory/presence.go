package memory

import (
	"context"
	"fmt"
	"time"

	"github.com/convrs/profilekit/presence"
	"github.com/convrs/profilekit/presence/presencedriver"
	"github.com/convrs/profilekit/storage/driver"
)

// presences holds every agent's presence, the chat index and the change
// feed. Writes publish to the feed while holding Store.mu, so subscribers
// see each agent's Records in Version order.
type presences struct {
	byAgent map[string]*agentPresence
	chats   map[string]string // chat -> agent holding it
	feed    *presencedriver.Hub
}

// agentPresence is one agent's stored presence.
type agentPresence struct {
	busy       bool
	busySince  time.Time
	busyUntil  time.Time
	busyReason string
	sessions   map[string]time.Time // session -> expiry
	lastExpiry time.Time            // the latest expiry in sessions
	chats      map[string]struct{}
	capacity   int
	version    int64
}

func newPresences() presences {
	return presences{
		byAgent: make(map[string]*agentPresence),
		chats:   make(map[string]string),
		feed:    &presencedriver.Hub{},
	}
}

// agent returns the agent's state, creating it when create is set; it
// returns nil for an unknown agent otherwise.
func (ps *presences) agent(id string, create bool) *agentPresence {
	a := ps.byAgent[id]
	if a == nil && create {
		a = &agentPresence{sessions: make(map[string]time.Time), chats: make(map[string]struct{})}
		ps.byAgent[id] = a
	}
	return a
}

// record returns the agent's Record as of now; a may be nil.
func (a *agentPresence) record(id string, now time.Time) presence.Record {
	r := presence.Record{Agent: id, AsOf: now}
	if a == nil {
		return r
	}
	r.Busy, r.BusySince, r.BusyUntil, r.BusyReason = a.busy, a.busySince, a.busyUntil, a.busyReason
	if a.lastExpiry.After(now) {
		r.OnlineUntil = a.lastExpiry
	}
	r.Active, r.Capacity, r.Version = len(a.chats), a.capacity, a.version
	return r
}

// changed bumps the agent's version and publishes its new Record.
func (s *Store) changed(id string, a *agentPresence, now time.Time) presence.Record {
	a.version++
	r := a.record(id, now)
	s.presence.feed.Publish(r)
	return r
}

// GetPresence implements presence.Store.
func (s *Store) GetPresence(ctx context.Context, agent string, now time.Time) (presence.Record, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "get presence", Agent: agent}, err)
	}
	return s.presence.agent(agent, false).record(agent, now), nil
}

// SetBusy implements presence.Store.
func (s *Store) SetBusy(ctx context.Context, agent string, b presence.BusySetting, now time.Time) (presence.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "set busy", Agent: agent}, err)
	}
	a := s.presence.agent(agent, true)
	a.setBusy(a.record(agent, now).BusyAt(now), b, now)
	return s.changed(agent, a, now), nil
}

// ToggleBusy implements presence.Store.
func (s *Store) ToggleBusy(ctx context.Context, agent string, on presence.BusySetting, now time.Time) (presence.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "toggle busy", Agent: agent}, err)
	}
	a := s.presence.agent(agent, true)
	if a.record(agent, now).BusyAt(now) {
		a.setBusy(true, presence.BusySetting{}, now)
	} else {
		a.setBusy(false, on, now)
	}
	return s.changed(agent, a, now), nil
}

// eligible is presencedriver.Eligible(record, now) without building the Record, which
// is most of ListEligible's cost over many agents.
func (a *agentPresence) eligible(now time.Time) bool {
	return now.Before(a.lastExpiry) &&
		!(a.busy && (a.busyUntil.IsZero() || now.Before(a.busyUntil))) &&
		(a.capacity == 0 || len(a.chats) < a.capacity)
}

// sessionsChanged recomputes lastExpiry after a change to sessions.
func (a *agentPresence) sessionsChanged() {
	a.lastExpiry = time.Time{}
	for _, exp := range a.sessions {
		if exp.After(a.lastExpiry) {
			a.lastExpiry = exp
		}
	}
}

// setBusy applies b; wasBusy tells whether Busy was in force at now.
func (a *agentPresence) setBusy(wasBusy bool, b presence.BusySetting, now time.Time) {
	if !b.On {
		a.busy, a.busySince, a.busyUntil, a.busyReason = false, time.Time{}, time.Time{}, ""
		return
	}
	if !wasBusy {
		a.busySince = now
	}
	a.busy, a.busyUntil, a.busyReason = true, b.Until, b.Reason
}

// TouchSession implements presence.Store. A heartbeat of a session with
// more than half of expires - now to go keeps the session as it is
// (presencedriver.HeartbeatSkipDivisor), as every adapter does.
func (s *Store) TouchSession(ctx context.Context, agent, session string, expires, now time.Time) (presence.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "touch session", Agent: agent, Session: session}, err)
	}
	a := s.presence.agent(agent, true)
	old, alive := a.sessions[session]
	alive = alive && old.After(now)
	if alive && old.Sub(now) > expires.Sub(now)/presencedriver.HeartbeatSkipDivisor {
		// Far from expiry: keep it, as the SQL adapters do.
		return a.record(agent, now), nil
	}
	for id, exp := range a.sessions {
		if !exp.After(now) {
			delete(a.sessions, id)
		}
	}
	a.sessions[session] = expires
	a.sessionsChanged()
	if alive {
		return a.record(agent, now), nil
	}
	return s.changed(agent, a, now), nil
}

// RemoveSession implements presence.Store.
func (s *Store) RemoveSession(ctx context.Context, agent, session string, now time.Time) (presence.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "remove session", Agent: agent, Session: session}, err)
	}
	a := s.presence.agent(agent, false)
	if a == nil {
		return a.record(agent, now), nil
	}
	if _, ok := a.sessions[session]; !ok {
		return a.record(agent, now), nil
	}
	delete(a.sessions, session)
	a.sessionsChanged()
	return s.changed(agent, a, now), nil
}

// SetChatCapacity implements presence.Store.
func (s *Store) SetChatCapacity(ctx context.Context, agent string, capacity int, now time.Time) (presence.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "set chat capacity", Agent: agent}, err)
	}
	a := s.presence.agent(agent, true)
	a.capacity = capacity
	return s.changed(agent, a, now), nil
}

// ClaimChat implements presence.Store.
func (s *Store) ClaimChat(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "claim chat", Agent: agent, Chat: chat}, err)
	}
	a := s.presence.agent(agent, false)
	r := a.record(agent, now)
	if err := presencedriver.ClaimError(r, now); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "claim chat", Agent: agent, Chat: chat}, err)
	}
	switch holder, held := s.presence.chats[chat]; {
	case held && holder == agent:
		return r, nil
	case held:
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "claim chat", Agent: agent, Chat: chat}, presence.ErrChatTaken)
	case presencedriver.Full(r):
		return presence.Record{}, fmt.Errorf("memory: %s (%d of %d): %w", presencedriver.Op{Name: "claim chat", Agent: agent, Chat: chat}, r.Active, r.Capacity, presence.ErrFull)
	}
	a.chats[chat] = struct{}{}
	s.presence.chats[chat] = agent
	return s.changed(agent, a, now), nil
}

// ReleaseChat implements presence.Store.
func (s *Store) ReleaseChat(ctx context.Context, agent, chat string, now time.Time) (presence.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "release chat", Agent: agent, Chat: chat}, err)
	}
	if s.presence.chats[chat] != agent {
		return presence.Record{}, fmt.Errorf("memory: %s: %w", presencedriver.Op{Name: "release chat", Agent: agent, Chat: chat}, presence.ErrNotClaimed)
	}
	a := s.presence.agent(agent, false)
	delete(a.chats, chat)
	delete(s.presence.chats, chat)
	return s.changed(agent, a, now), nil
}

// GetChatHolder implements presence.ChatLookup.
func (s *Store) GetChatHolder(ctx context.Context, chat string) (string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return "", fmt.Errorf("memory: get holder of chat %s: %w", driver.QuoteID(chat), err)
	}
	return s.presence.chats[chat], nil
}

// ListEligible implements presence.Store.
func (s *Store) ListEligible(ctx context.Context, candidates []string, now time.Time) ([]string, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return nil, fmt.Errorf("memory: list eligible: %w", err)
	}
	out := make([]string, 0, len(candidates))
	for _, id := range candidates {
		if a := s.presence.agent(id, false); a != nil && a.eligible(now) {
			out = append(out, id)
		}
	}
	return out, nil
}

// SubscribePresence implements presence.ChangeFeed for this Store value:
// it delivers the writes made through the Store, which are all there are,
// since a memory Store lives in one process. The subscription queues what
// its reader has not taken yet; it ends when ctx is done or when it or the
// Store is closed.
func (s *Store) SubscribePresence(ctx context.Context) (presence.Subscription, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return nil, fmt.Errorf("memory: subscribe presence: %w", err)
	}
	sub, err := s.presence.feed.Subscribe(ctx, "memory: presence feed")
	if err != nil {
		return nil, fmt.Errorf("memory: subscribe presence: %w", err)
	}
	return sub, nil
}
