package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/convrs/profilekit/session"
	"github.com/convrs/profilekit/storage/driver"
)

// sessions holds the sign-in sessions and the index of their token
// hashes. The zero value is empty and ready: the maps are made on the first
// write.
type sessions struct {
	byID   map[string]session.Session
	byHash map[[32]byte]string // token hash -> session ID
	hashOf map[string][32]byte // session ID -> token hash
}

// hashKey returns h's bytes as a map key.
func hashKey(h session.Hash) [32]byte { return [32]byte(h.Bytes()) }

// CreateSession implements session.Store.
func (s *Store) CreateSession(ctx context.Context, r session.Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("memory: create session %s: %w", driver.QuoteID(r.ID), err)
	}
	if r.Hash.IsZero() {
		return fmt.Errorf("memory: create session %s: no token hash", driver.QuoteID(r.ID))
	}
	ss := &s.sessions
	key := hashKey(r.Hash)
	_, idTaken := ss.byID[r.ID]
	_, hashTaken := ss.byHash[key]
	if idTaken || hashTaken {
		return fmt.Errorf("memory: create session %s: %w", driver.QuoteID(r.ID), session.ErrAlreadyExists)
	}
	if ss.byID == nil {
		ss.byID, ss.byHash, ss.hashOf = make(map[string]session.Session), make(map[[32]byte]string), make(map[string][32]byte)
	}
	ss.byID[r.ID] = r.Session
	ss.byHash[key] = r.ID
	ss.hashOf[r.ID] = key
	return nil
}

// GetSession implements session.Store.
func (s *Store) GetSession(ctx context.Context, hash session.Hash) (session.Session, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return session.Session{}, fmt.Errorf("memory: get session: %w", err)
	}
	if hash.IsZero() {
		return session.Session{}, fmt.Errorf("memory: get session: %w", session.ErrNotFound)
	}
	id, ok := s.sessions.byHash[hashKey(hash)]
	if !ok {
		return session.Session{}, fmt.Errorf("memory: get session: %w", session.ErrNotFound)
	}
	return s.sessions.byID[id], nil
}

// UpdateSessionSeen implements session.Store.
func (s *Store) UpdateSessionSeen(ctx context.Context, agentID, id string, seen, idleExpires time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("memory: update session %s: %w", driver.QuoteID(id), err)
	}
	sess, ok := s.sessions.byID[id]
	if !ok || sess.AgentID != agentID {
		return fmt.Errorf("memory: update session %s: %w", driver.QuoteID(id), session.ErrNotFound)
	}
	sess.Seen, sess.IdleExpires = seen, idleExpires
	s.sessions.byID[id] = sess
	return nil
}

// DeleteSession implements session.Store.
func (s *Store) DeleteSession(ctx context.Context, agentID, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return fmt.Errorf("memory: delete session %s: %w", driver.QuoteID(id), err)
	}
	sess, ok := s.sessions.byID[id]
	if !ok || sess.AgentID != agentID {
		return fmt.Errorf("memory: delete session %s: %w", driver.QuoteID(id), session.ErrNotFound)
	}
	s.sessions.remove(id)
	return nil
}

// remove deletes session id, which exists. The caller holds s.mu.
func (ss *sessions) remove(id string) {
	delete(ss.byHash, ss.hashOf[id])
	delete(ss.hashOf, id)
	delete(ss.byID, id)
}

// DeleteSessions implements session.Store.
func (s *Store) DeleteSessions(ctx context.Context, agentID, keepID string) ([]string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return nil, fmt.Errorf("memory: delete sessions of %s: %w", driver.QuoteID(agentID), err)
	}
	ids := []string{}
	for id, sess := range s.sessions.byID {
		if sess.AgentID == agentID && id != keepID {
			ids = append(ids, id)
		}
	}
	for _, id := range ids {
		s.sessions.remove(id)
	}
	slices.Sort(ids)
	return ids, nil
}

// ListSessions implements session.Store.
func (s *Store) ListSessions(ctx context.Context, agentID string, now time.Time) ([]session.Session, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if err := s.check(ctx); err != nil {
		return nil, fmt.Errorf("memory: list sessions of %s: %w", driver.QuoteID(agentID), err)
	}
	out := []session.Session{}
	for _, sess := range s.sessions.byID {
		if sess.AgentID == agentID && now.Before(sess.IdleExpires) {
			out = append(out, sess)
		}
	}
	sortSessions(out)
	return out, nil
}

// DeleteExpiredSessions implements session.Store.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time, limit int) ([]session.Session, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.check(ctx); err != nil {
		return nil, fmt.Errorf("memory: delete expired sessions: %w", err)
	}
	out := []session.Session{}
	for _, sess := range s.sessions.byID {
		if !now.Before(sess.IdleExpires) {
			out = append(out, sess)
		}
	}
	sortSessions(out)
	out = out[:min(len(out), max(limit, 0))]
	for _, sess := range out {
		s.sessions.remove(sess.ID)
	}
	return out, nil
}

// sortSessions sorts by Created, then ID.
func sortSessions(list []session.Session) {
	slices.SortFunc(list, func(a, b session.Session) int {
		if c := a.Created.Compare(b.Created); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
