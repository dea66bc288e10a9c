package feed

import (
	"fmt"
	"sync"

	"github.com/convrs/profilekit"
)

// Defaults of StreamLimits.
const (
	// DefaultStreamsPerSession is how many streams one session (one
	// browser's tabs) may hold open: a few tabs, as a browser's own cap of
	// six HTTP/1.1 connections to a host suggests.
	DefaultStreamsPerSession = 8
	// DefaultStreamsPerAgent is how many streams one agent may hold open
	// over all her sessions: a few browsers and devices.
	DefaultStreamsPerAgent = 24
	// DefaultStreamsTotal is how many streams one Streams allows in all.
	DefaultStreamsTotal = 10_000
)

// ErrTooManyStreams reports that Streams.Open refused a stream because
// its session, its agent or the instance holds as many as allowed (code
// feed.too_many_streams). The error that wraps it is a
// *StreamLimitError naming the limit.
var ErrTooManyStreams = profilekit.NewError(profilekit.CodeFeedTooManyStreams, "feed: too many streams")

// StreamLimits caps the live streams (server-sent events, WebSockets) a
// Streams lets open. A zero field takes its default.
type StreamLimits struct {
	// PerSession caps the streams of one session; DefaultStreamsPerSession
	// when zero.
	PerSession int
	// PerAgent caps the streams of one agent over all her sessions;
	// DefaultStreamsPerAgent when zero.
	PerAgent int
	// Total caps every stream together; DefaultStreamsTotal when zero.
	Total int
}

// withDefaults fills zero fields.
func (l StreamLimits) withDefaults() StreamLimits {
	if l.PerSession <= 0 {
		l.PerSession = DefaultStreamsPerSession
	}
	if l.PerAgent <= 0 {
		l.PerAgent = DefaultStreamsPerAgent
	}
	if l.Total <= 0 {
		l.Total = DefaultStreamsTotal
	}
	return l
}

// StreamScope names the limit a refused stream met.
type StreamScope string

// The scopes of StreamLimitError.
const (
	// ScopeSession is StreamLimits.PerSession.
	ScopeSession StreamScope = "session"
	// ScopeAgent is StreamLimits.PerAgent.
	ScopeAgent StreamScope = "agent"
	// ScopeTotal is StreamLimits.Total.
	ScopeTotal StreamScope = "total"
)

// StreamLimitError reports which limit refused a stream. It matches
// ErrTooManyStreams with errors.Is and has its code.
type StreamLimitError struct {
	// Scope is the limit met.
	Scope StreamScope
	// Max is the limit's value.
	Max int
}

// Error names the limit.
func (e *StreamLimitError) Error() string {
	return fmt.Sprintf("feed: too many streams: %s limit of %d reached", e.Scope, e.Max)
}

// Code returns profilekit.CodeFeedTooManyStreams.
func (e *StreamLimitError) Code() profilekit.Code { return profilekit.CodeFeedTooManyStreams }

// Unwrap returns ErrTooManyStreams.
func (e *StreamLimitError) Unwrap() error { return ErrTooManyStreams }

// Streams counts the live streams an instance serves, per session, per
// agent and in all, and refuses one more than StreamLimits allow, so that
// one client cannot hold an unbounded number of connections, goroutines
// and subscriptions. It refuses the new stream rather than closing an old
// one: a browser's EventSource does not reconnect after a refusal (any
// status but 200), while closing the oldest would have the tabs past the
// limit take each other's place for ever. It also ends every stream at
// shutdown (CloseAll).
//
// The counts are this process's: a session's streams spread over several
// instances are counted by each. A Streams is safe for concurrent use; its
// zero value is not usable, call NewStreams.
type Streams struct {
	limits    StreamLimits
	mu        sync.Mutex
	closed    bool
	bySession map[string]int
	byAgent   map[string]int
	open      map[*Stream]struct{}
}

// NewStreams returns a Streams with the given limits; nil means the
// defaults.
func NewStreams(limits *StreamLimits) *Streams {
	var l StreamLimits
	if limits != nil {
		l = *limits
	}
	return &Streams{
		limits:    l.withDefaults(),
		bySession: make(map[string]int),
		byAgent:   make(map[string]int),
		open:      make(map[*Stream]struct{}),
	}
}

// Limits returns the limits in force, defaults filled in.
func (s *Streams) Limits() StreamLimits { return s.limits }

// Stream is one open stream, counted by a Streams until Close.
type Stream struct {
	streams *Streams
	agent   string
	session string
	done    chan struct{}
	once    sync.Once
}

// Open counts a new stream of agentID in session sessionID (an ID safe to
// keep in memory: not a session token). It fails with a
// *StreamLimitError, matching ErrTooManyStreams, when the session, the
// agent or the instance holds as many as allowed (checked in that order),
// and with profilekit.ErrClosed after CloseAll. The caller serves the
// stream until the stream's Done is closed or its client leaves, then
// calls Close.
func (s *Streams) Open(agentID, sessionID string) (*Stream, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.closed:
		return nil, fmt.Errorf("feed: open stream: %w", profilekit.ErrClosed)
	case s.bySession[sessionID] >= s.limits.PerSession:
		return nil, &StreamLimitError{Scope: ScopeSession, Max: s.limits.PerSession}
	case s.byAgent[agentID] >= s.limits.PerAgent:
		return nil, &StreamLimitError{Scope: ScopeAgent, Max: s.limits.PerAgent}
	case len(s.open) >= s.limits.Total:
		return nil, &StreamLimitError{Scope: ScopeTotal, Max: s.limits.Total}
	}
	st := &Stream{streams: s, agent: agentID, session: sessionID, done: make(chan struct{})}
	s.bySession[sessionID]++
	s.byAgent[agentID]++
	s.open[st] = struct{}{}
	return st, nil
}

// Count returns how many streams are open: of the session, of the agent
// and in all.
func (s *Streams) Count(agentID, sessionID string) (session, agent, total int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bySession[sessionID], s.byAgent[agentID], len(s.open)
}

// CloseAll closes the Done channel of every open stream, so that their
// servers end them, and refuses new ones. It is for shutdown.
func (s *Streams) CloseAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	for st := range s.open {
		st.once.Do(func() { close(st.done) })
	}
}

// Done is closed when the stream must end: at CloseAll, or once Close
// ran.
func (st *Stream) Done() <-chan struct{} { return st.done }

// Close stops counting the stream and closes Done. It is safe to call
// more than once.
func (st *Stream) Close() {
	s := st.streams
	s.mu.Lock()
	defer s.mu.Unlock()
	st.once.Do(func() { close(st.done) })
	if _, ok := s.open[st]; !ok {
		return
	}
	delete(s.open, st)
	if s.bySession[st.session]--; s.bySession[st.session] == 0 {
		delete(s.bySession, st.session)
	}
	if s.byAgent[st.agent]--; s.byAgent[st.agent] == 0 {
		delete(s.byAgent, st.agent)
	}
}
