package feed

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/internal/queue"
	"github.com/convrs/profilekit/presence"
)

// Defaults of Options.
const (
	// DefaultBuffer is how many events a subscription holds for its reader
	// when Options.Buffer is zero.
	DefaultBuffer = 256
	// DefaultOutbox is how many events wait to be published when
	// Options.Outbox is zero.
	DefaultOutbox = 1024
	// DefaultRetryWait is the wait before listening again after the
	// transport failed, when Options.RetryWait is zero.
	DefaultRetryWait = time.Second
	// DefaultPublishTimeout bounds each Publish to the transport when
	// Options.PublishTimeout is zero.
	DefaultPublishTimeout = 5 * time.Second
)

// CloseTimeout is how long Close waits for the outbox to be published.
const CloseTimeout = time.Second

// Field names used in FieldError.Field.
const (
	// FieldAgentID is the agent a subscription or an event is about.
	FieldAgentID = "agent_id"
	// FieldKind is the kind of a published event.
	FieldKind = "kind"
	// FieldEvent is a published event too large for the transport.
	FieldEvent = "event"
)

// Sentinel errors. Check them with errors.Is; each is a *profilekit.Error
// with a code of the catalogue.
var (
	// ErrLost reports that events may have been missed (code feed.lost):
	// Lost.Err matches it, and so does Publish's error when the outbox was
	// full and the event was dropped.
	ErrLost = profilekit.NewError(profilekit.CodeFeedLost, "feed: events may have been missed")
	// ErrTooLarge reports an event whose message is over the transport's
	// MaxMessage (code payload.too_large, the code of every message too
	// large for its transport): Publish returns a
	// *profilekit.ValidationError with that code on FieldEvent, which
	// matches both ErrTooLarge and profilekit.ErrInvalid, and sends
	// nothing; Observe sends a Lost about the agent instead.
	ErrTooLarge = profilekit.NewError(profilekit.CodePayloadTooLarge, "feed: event too large for the transport")
)

// Options configures a Feed. The zero value, and a nil *Options, mean the
// defaults.
type Options struct {
	// Instance names this instance in the events the Feed makes itself
	// (Lost, and the presence expiries of WatchPresence); the host name
	// and process ID when empty. Give it the services' Options.Instance.
	Instance string
	// Clock tells the time of the events the Feed makes and the waits
	// before listening again; the system clock when nil.
	Clock profilekit.Clock
	// Types are the application's own event types, decoded into their Go
	// types as the SDK's are (Types); a kind given here replaces the
	// SDK's. Events of a kind no Type names arrive as Raw.
	Types []Type
	// Buffer is how many events a subscription holds for a reader that
	// has not taken them; DefaultBuffer when zero or negative. When a
	// reader falls further behind, what it holds is dropped and replaced
	// by one Lost (LostBehind): the Feed never waits for a reader.
	Buffer int
	// Outbox is how many events wait to be published while the transport
	// is slow; DefaultOutbox when zero or negative. When it is full,
	// Publish drops the event (returning an error matching ErrLost) and
	// every Feed that would have received it delivers a Lost (LostGap).
	Outbox int
	// RetryWait is the wait before listening again after the transport
	// failed; DefaultRetryWait when zero or negative.
	RetryWait time.Duration
	// PublishTimeout bounds each message's publication to the transport;
	// DefaultPublishTimeout when zero or negative.
	PublishTimeout time.Duration
}

// Feed carries the events of every instance's services to subscribers on
// every instance. It is a profilekit.Observer: name it in the Options of
// every service. It is safe for concurrent use. New starts no goroutine:
// the first Subscribe starts the one that listens to the transport, the
// first event the one that publishes, and WatchPresence one of its own;
// Close ends them.
type Feed struct {
	transport      Transport
	instance       string
	clock          profilekit.Clock
	types          map[profilekit.EventKind]Type
	buffer         int
	outboxLimit    int
	retryWait      time.Duration
	publishTimeout time.Duration
	origin         string // this Feed's name in its messages

	ctx    context.Context // ends at Close; the goroutines' lifetime
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex // guards the subscriptions and closed
	closed bool
	agents map[string]map[*Subscription]struct{}
	all    map[*Subscription]struct{}

	listenMu  sync.Mutex // serialises starting the listener
	listening bool

	outMu   sync.Mutex // orders sequence numbers with the outbox
	seq     uint64
	outbox  *queue.Queue[[]byte]
	flushed chan struct{} // closed when the publisher reached the flush mark

	published, dropped, received, malformed, gaps, reconnects atomic.Uint64
}

// New returns a Feed on transport; a nil transport means a Local of the
// Feed's own (one process, no other Feed). opts may be nil.
func New(transport Transport, opts *Options) *Feed {
	if opts == nil {
		opts = &Options{}
	}
	if transport == nil {
		transport = NewLocal()
	}
	f := &Feed{
		transport:      transport,
		instance:       kit.Instance(opts.Instance),
		clock:          kit.Clock(opts.Clock),
		types:          make(map[profilekit.EventKind]Type),
		buffer:         positive(opts.Buffer, DefaultBuffer),
		outboxLimit:    positive(opts.Outbox, DefaultOutbox),
		retryWait:      positive(opts.RetryWait, DefaultRetryWait),
		publishTimeout: positive(opts.PublishTimeout, DefaultPublishTimeout),
		agents:         make(map[string]map[*Subscription]struct{}),
		all:            make(map[*Subscription]struct{}),
	}
	for _, t := range append(Types(), opts.Types...) {
		if t.decode != nil {
			f.types[t.kind] = t
		}
	}
	f.types[profilekit.EventFeedLost] = TypeOf[Lost]()
	var b [8]byte
	_, _ = rand.Read(b[:])
	f.origin = hex.EncodeToString(b[:])
	f.ctx, f.cancel = context.WithCancel(context.Background())
	return f
}

// positive returns v, or def when v is not positive.
func positive[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Stats are a Feed's counts since New.
type Stats struct {
	// Subscriptions is the number of live subscriptions.
	Subscriptions int `json:"subscriptions"`
	// Published counts the messages the transport took.
	Published uint64 `json:"published"`
	// Dropped counts the events not published: the outbox was full or the
	// transport refused them.
	Dropped uint64 `json:"dropped"`
	// Received counts the messages received from the transport.
	Received uint64 `json:"received"`
	// Malformed counts received messages that were not a Feed's, dropped.
	Malformed uint64 `json:"malformed"`
	// Gaps counts the times another instance's messages went missing.
	Gaps uint64 `json:"gaps"`
	// Reconnects counts the times the Feed listened again after its
	// transport failed.
	Reconnects uint64 `json:"reconnects"`
}

// Stats returns the Feed's counts.
func (f *Feed) Stats() Stats {
	f.mu.Lock()
	subs := len(f.all)
	for _, set := range f.agents {
		subs += len(set)
	}
	f.mu.Unlock()
	return Stats{
		Subscriptions: subs,
		Published:     f.published.Load(),
		Dropped:       f.dropped.Load(),
		Received:      f.received.Load(),
		Malformed:     f.malformed.Load(),
		Gaps:          f.gaps.Load(),
		Reconnects:    f.reconnects.Load(),
	}
}

// Observe implements profilekit.Observer: it queues e for publication to
// every instance and returns at once, without calling a service or waiting
// for the transport, as an Observer must. The expiries a presence
// Tracker's Watch raises (StatusChanged or SessionEnded with Expired set)
// are dropped: every instance's Feed reports them to its own subscribers
// from WatchPresence, so each subscriber sees each expiry once, however
// many instances noticed it. An event too large for the transport is
// replaced by a Lost about its agent (LostTooLarge), so that its pages
// reload; other failures are counted in Stats.Dropped.
func (f *Feed) Observe(ctx context.Context, e profilekit.Event) {
	switch ev := e.(type) {
	case presence.StatusChanged:
		if ev.Expired {
			return
		}
	case presence.SessionEnded:
		if ev.Expired {
			return
		}
	case Lost:
		return
	}
	err := f.Publish(context.WithoutCancel(ctx), e)
	if errors.Is(err, ErrTooLarge) {
		m := e.Meta()
		_ = f.Publish(context.WithoutCancel(ctx), Lost{EventMeta: profilekit.EventMeta{
			AgentID: m.AgentID, At: m.At, Instance: m.Instance,
		}, Reason: LostTooLarge})
	}
}

// Publish queues e for publication to every instance, after the events
// queued before it, and returns; it does not wait for the transport. It is
// how an application sends its own events (give their Types to the Feeds
// that should decode them). e's Kind must pass profilekit.CheckID and its
// Meta().AgentID must be empty (an event about no agent, which reaches
// only the subscriptions to every agent) or pass it, else Publish returns
// a *profilekit.ValidationError. So is an event whose message, in bytes
// as the transport sends it, is over the transport's MaxMessage (code
// payload.too_large on FieldEvent, matching ErrTooLarge). It fails
// wrapping ErrLost when the outbox is full (the event is dropped),
// ctx.Err() when ctx is done and profilekit.ErrClosed after Close.
func (f *Feed) Publish(ctx context.Context, e profilekit.Event) error {
	if e == nil {
		return kit.Invalid(domain, profilekit.FieldError{Field: FieldKind, Code: profilekit.CodeIDRequired, Message: "is required"})
	}
	kind, agent := e.Kind(), e.Meta().AgentID
	var problems []profilekit.FieldError
	if fe := profilekit.CheckID(FieldKind, string(kind)); fe != nil {
		problems = append(problems, *fe)
	}
	if agent != "" {
		if fe := profilekit.CheckID(FieldAgentID, agent); fe != nil {
			problems = append(problems, *fe)
		}
	}
	if err := kit.Invalid(domain, problems...); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("feed: publish %s: %w", kind, err)
	}
	body, err := json.Marshal(e)
	if err != nil {
		return fmt.Errorf("feed: publish %s: %w", kind, err)
	}
	head, err := json.Marshal(envelope{Origin: f.origin, Kind: kind, Agent: agent})
	if err != nil {
		return fmt.Errorf("feed: publish %s: %w", kind, err)
	}
	f.outMu.Lock()
	defer f.outMu.Unlock()
	if err := f.startPublisher(); err != nil {
		return err
	}
	// The message is head with its last byte ("}") replaced by the
	// sequence number and the event: {"o":…,"k":…,"a":…,"s":N,"e":{…}}.
	// Its length is what the transport carries (PostgreSQL counts the
	// bytes of the payload string, which are these), so it is measured
	// with the sequence number it will have.
	seq := f.seq + 1
	msg := make([]byte, 0, len(head)+len(`,"s":,"e":}`)+20+len(body))
	msg = append(msg, head[:len(head)-1]...)
	msg = append(msg, `,"s":`...)
	msg = strconv.AppendUint(msg, seq, 10)
	msg = append(msg, `,"e":`...)
	msg = append(msg, body...)
	msg = append(msg, '}')
	if limit := f.transport.MaxMessage(); limit > 0 && len(msg) > limit {
		var c kit.Collector
		c.Add(kit.TooLarge(FieldEvent, len(msg), limit))
		c.Because(ErrTooLarge)
		return c.Err(domain)
	}
	f.seq = seq
	if f.outbox.Len() >= f.outboxLimit || !f.outbox.Push(msg) {
		f.dropped.Add(1) // the sequence number is spent: listeners see a gap
		return fmt.Errorf("feed: publish %s: outbox full, event dropped: %w", kind, ErrLost)
	}
	return nil
}

// errClosed is what a closed Feed's calls return.
var errClosed = kit.Closed("feed: closed")

// startPublisher starts the goroutine that publishes the outbox, unless
// it runs. The caller holds outMu.
func (f *Feed) startPublisher() error {
	f.mu.Lock()
	closed := f.closed
	f.mu.Unlock()
	if closed {
		return errClosed
	}
	if f.outbox != nil {
		return nil
	}
	f.outbox = queue.Start[[]byte](f.ctx, queue.Options{})
	f.flushed = make(chan struct{})
	f.wg.Add(1)
	go f.publish(f.outbox, f.flushed)
	return nil
}

// publish sends the outbox's messages in order until the outbox ends:
// one at a time, or, on a BatchPublisher, with up to MaxBatch of those
// waiting in one call. An empty message is the flush mark Close queues.
func (f *Feed) publish(outbox *queue.Queue[[]byte], flushed chan struct{}) {
	defer f.wg.Done()
	batcher, _ := f.transport.(BatchPublisher)
	batch := make([][]byte, 0, MaxBatch)
	for msg := range outbox.C() {
		batch = append(batch[:0], msg)
		if batcher != nil {
			// The values counted by Len are behind msg in the queue and
			// will come through C in order: receiving that many more
			// never waits for a Publish that has not happened.
			for n := min(outbox.Len(), MaxBatch-1); n > 0; n-- {
				m, ok := <-outbox.C()
				if !ok {
					break
				}
				batch = append(batch, m)
			}
		}
		start := 0
		for i, m := range batch {
			if len(m) == 0 { // the flush mark: what came before it first
				f.send(batcher, batch[start:i])
				start = i + 1
				close(flushed)
			}
		}
		f.send(batcher, batch[start:])
	}
}

// send publishes msgs, one with Publish or several with batcher's
// PublishBatch (only a batcher gets several), and counts them published or
// dropped.
func (f *Feed) send(batcher BatchPublisher, msgs [][]byte) {
	if len(msgs) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(f.ctx, f.publishTimeout)
	defer cancel()
	var err error
	if len(msgs) == 1 {
		err = f.transport.Publish(ctx, msgs[0])
	} else {
		err = batcher.PublishBatch(ctx, msgs)
	}
	if err != nil {
		f.dropped.Add(uint64(len(msgs))) // listeners see a gap
		return
	}
	f.published.Add(uint64(len(msgs)))
}

// Subscribe returns a subscription to the events about agentID, from
// every instance, in the order each instance raised them. It ends when
// ctx is done, when it or the Feed is closed, or when the transport can
// never listen again. The first Subscribe of a Feed starts listening to
// the transport and returns once it listens (or fails to): the events
// published after Subscribe returns reach the subscription. An ID that
// fails profilekit.CheckID returns a *profilekit.ValidationError.
func (f *Feed) Subscribe(ctx context.Context, agentID string) (*Subscription, error) {
	if fe := profilekit.CheckID(FieldAgentID, agentID); fe != nil {
		return nil, kit.Invalid(domain, *fe)
	}
	return f.subscribe(ctx, agentID, "feed: subscribe "+kit.QuoteID(agentID))
}

// SubscribeAll returns a subscription to the events about every agent
// (and about none), as Subscribe does for one.
func (f *Feed) SubscribeAll(ctx context.Context) (*Subscription, error) {
	return f.subscribe(ctx, "", "feed: subscribe all")
}

func (f *Feed) subscribe(ctx context.Context, agent, op string) (*Subscription, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	if err := f.listen(ctx); err != nil {
		return nil, fmt.Errorf("%s: %w", op, err)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.closed {
		return nil, fmt.Errorf("%s: %w", op, errClosed)
	}
	s := &Subscription{agent: agent}
	s.q = queue.Start[profilekit.Event](ctx, queue.Options{
		Context: func(err error) error { return fmt.Errorf("feed: subscription: %w", err) },
		Closed:  kit.Closed("feed: subscription closed"),
		OnEnd:   func() { f.remove(s) },
	})
	if agent == "" {
		f.all[s] = struct{}{}
	} else {
		set := f.agents[agent]
		if set == nil {
			set = make(map[*Subscription]struct{})
			f.agents[agent] = set
		}
		set[s] = struct{}{}
	}
	return s, nil
}

// remove forgets s.
func (f *Feed) remove(s *Subscription) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if s.agent == "" {
		delete(f.all, s)
		return
	}
	if set := f.agents[s.agent]; set != nil {
		delete(set, s)
		if len(set) == 0 {
			delete(f.agents, s.agent)
		}
	}
}

// Close ends every subscription (Err then matches profilekit.ErrClosed),
// stops listening and watching, publishes what is queued (waiting at most
// CloseTimeout) and makes later calls fail with profilekit.ErrClosed. It
// leaves the transport's connection, which is the caller's, open. Closing
// twice does nothing. It returns nil.
func (f *Feed) Close() error {
	f.mu.Lock()
	if f.closed {
		f.mu.Unlock()
		return nil
	}
	f.closed = true
	subs := make([]*Subscription, 0, len(f.all))
	for s := range f.all {
		subs = append(subs, s)
	}
	for _, set := range f.agents {
		for s := range set {
			subs = append(subs, s)
		}
	}
	f.mu.Unlock()
	for _, s := range subs {
		s.q.End(kit.Closed("feed: closed"))
	}
	f.outMu.Lock()
	outbox, flushed := f.outbox, f.flushed
	f.outMu.Unlock()
	if outbox != nil && outbox.Push(nil) {
		select {
		case <-flushed:
		case <-time.After(CloseTimeout):
		}
	}
	f.cancel()
	f.wg.Wait()
	return nil
}

// envelope is a message as it crosses the transport: the Feed that sent
// it, its sequence number among that Feed's messages, the event's kind and
// agent (for routing without decoding the event) and the event.
type envelope struct {
	Origin string               `json:"o"`
	Kind   profilekit.EventKind `json:"k"`
	Agent  string               `json:"a,omitempty"`
	Seq    uint64               `json:"s,omitempty"`
	Event  json.RawMessage      `json:"e,omitempty"`
}
