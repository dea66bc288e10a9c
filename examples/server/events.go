package main

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"strconv"
	"strings"
	"sync"

	"github.com/convrs/profilekit"
)

// ringSize is how many recent events of each agent the broker keeps for
// clients that reconnect with Last-Event-ID.
const ringSize = 128

// subBuffer is how many events wait for a slow stream before the broker
// drops it (the client reconnects and resumes from Last-Event-ID).
const subBuffer = 64

// sseEvent is one event of an agent's stream.
type sseEvent struct {
	ID   string
	Name string
	Data []byte
}

// subscriber is one open stream.
type subscriber struct {
	agent   string
	session string
	ch      chan sseEvent
	done    chan struct{}
	once    sync.Once
}

func (s *subscriber) close() { s.once.Do(func() { close(s.done) }) }

// agentFeed is the recent events and open streams of one agent.
type agentFeed struct {
	ring []sseEvent
	seqs []uint64
	// dropped is the sequence number of the newest event that left the
	// ring; a client that saw it, or a later one, can resume.
	dropped uint64
	subs    map[*subscriber]struct{}
}

// broker fans the events of this instance out to the agents' open
// streams, and keeps each agent's recent events for resumption. Event IDs
// are "<boot>-<seq>": boot is random per process, so an ID from another
// instance or an earlier run is recognised as unknown and the client is
// told to reload instead. It is safe for concurrent use.
type broker struct {
	clock  profilekit.Clock
	boot   string
	mu     sync.Mutex
	seq    uint64
	feeds  map[string]*agentFeed
	closed bool
}

func newBroker(clock profilekit.Clock) *broker {
	var b [4]byte
	_, _ = rand.Read(b[:])
	return &broker{clock: clock, boot: hex.EncodeToString(b[:]), feeds: map[string]*agentFeed{}}
}

func (b *broker) feed(agent string) *agentFeed {
	f := b.feeds[agent]
	if f == nil {
		f = &agentFeed{subs: map[*subscriber]struct{}{}}
		b.feeds[agent] = f
	}
	return f
}

// publish sends an event named name with v as its JSON data to every open
// stream of agent, and keeps it for resumption.
func (b *broker) publish(agent, name string, v any) {
	data, err := json.Marshal(v)
	if err != nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.seq++
	e := sseEvent{ID: b.boot + "-" + strconv.FormatUint(b.seq, 10), Name: name, Data: data}
	f := b.feed(agent)
	f.ring = append(f.ring, e)
	f.seqs = append(f.seqs, b.seq)
	if len(f.ring) > ringSize {
		f.dropped = f.seqs[len(f.seqs)-ringSize-1]
		f.ring = append(f.ring[:0:0], f.ring[len(f.ring)-ringSize:]...)
		f.seqs = append(f.seqs[:0:0], f.seqs[len(f.seqs)-ringSize:]...)
	}
	for s := range f.subs {
		select {
		case s.ch <- e:
		default:
			// Too slow: drop the stream; the client resumes from its
			// Last-Event-ID and gets what it missed from the ring.
			delete(f.subs, s)
			s.close()
		}
	}
}

// subscribe opens a stream of agent's events. lastID is the client's
// Last-Event-ID: the events after it are returned to replay when the ring
// still has them; reset is true when it named an event the broker cannot
// resume from, and the client must reload its state.
func (b *broker) subscribe(agent, session, lastID string) (s *subscriber, replay []sseEvent, reset bool, ok bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return nil, nil, false, false
	}
	f := b.feed(agent)
	if lastID != "" {
		reset = true
		boot, seqText, found := strings.Cut(lastID, "-")
		seq, err := strconv.ParseUint(seqText, 10, 64)
		if found && err == nil && boot == b.boot && seq <= b.seq {
			// Resumable when nothing after seq has left the ring.
			if f.dropped <= seq {
				reset = false
				for i, q := range f.seqs {
					if q > seq {
						replay = append(replay, f.ring[i])
					}
				}
			}
		}
	}
	s = &subscriber{agent: agent, session: session, ch: make(chan sseEvent, subBuffer), done: make(chan struct{})}
	f.subs[s] = struct{}{}
	return s, replay, reset, true
}

// unsubscribe closes a stream.
func (b *broker) unsubscribe(s *subscriber) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if f := b.feeds[s.agent]; f != nil {
		delete(f.subs, s)
	}
	s.close()
}

// dropSessions closes the streams of the given sessions of agent.
func (b *broker) dropSessions(agent string, sessions []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	f := b.feeds[agent]
	if f == nil {
		return
	}
	for s := range f.subs {
		for _, h := range sessions {
			if s.session == h {
				delete(f.subs, s)
				s.close()
			}
		}
	}
}

// resetAll tells every open stream to reload (a feed was interrupted).
func (b *broker) resetAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, f := range b.feeds {
		for s := range f.subs {
			select {
			case s.ch <- sseEvent{Name: "reset", Data: []byte(`{}`)}:
			default:
			}
		}
	}
}

// closeAll ends every stream and refuses new ones, as the server shuts
// down.
func (b *broker) closeAll() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.closed = true
	for _, f := range b.feeds {
		for s := range f.subs {
			s.close()
		}
		f.subs = map[*subscriber]struct{}{}
	}
}
