package presence

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/convrs/profilekit/internal/kit"
)

// MaxRouteRounds is how many times Route reads the candidates' eligibility
// for one chat: it reads again only when every eligible agent of the last
// read lost its claim to a change made meanwhile (Busy, a session ending,
// another chat taking the last unit of capacity).
const MaxRouteRounds = 3

// Route offers chat to the candidates and returns the agent that took it:
// the chat router's loop, written once. It reads which candidates are
// eligible (as Eligible does: online, not busy, below capacity) and
// claims the chat for one of them (as Claim does, atomically in the
// Store), so a chat never goes to an agent who is busy, offline or full at
// the moment of the claim, on any Tracker sharing the store. When a claim
// fails because the agent changed since the read (ErrBusy, ErrOffline,
// ErrFull), Route tries the next eligible agent; when every one has
// failed, it reads eligibility again, at most MaxRouteRounds times in
// all. When no candidate can take the chat it fails with an error
// wrapping ErrNoAgent, having changed nothing.
//
// # Order
//
// Route offers chats in turn: each call starts one place further along
// the eligible list than the Tracker's previous call started (a counter
// per Tracker), and goes round from there, so that a stream of chats is
// spread evenly over the agents who can take them rather than filling the
// first one up. A router that prefers some agents passes those first as
// the candidates and, on ErrNoAgent, routes again to the others.
//
// # A chat routed before
//
// Route is idempotent: when one of the candidates already holds chat, it
// returns that agent, taking no more of its capacity and whatever its
// presence is now, and when an agent that is not a candidate holds it, it
// fails with an error wrapping ErrChatTaken. It asks the store which agent
// holds the chat, first and again when a claim finds the chat taken by a
// concurrent Route; that needs a Store that implements ChatLookup, as every
// adapter of profilekit does. Over a Store without it, a chat held before
// is found only when its holder is among the eligible candidates (a claim
// of a chat the agent holds succeeds), and otherwise Route fails wrapping
// ErrChatTaken, or ErrNoAgent when no candidate is eligible.
//
// Every ID must pass profilekit.CheckID, and there must be at most
// MaxCandidates candidates; a problem
// is a *ValidationError for FieldChatID or FieldCandidates. No candidates
// at all is ErrNoAgent. Route raises no event, as Claim raises none.
func (t *Tracker) Route(ctx context.Context, candidates []string, chat string) (string, error) {
	var p problems
	p.id(FieldChatID, chat)
	p.candidates(candidates)
	if err := p.err(); err != nil {
		return "", err
	}
	op := "presence: route chat " + kit.QuoteID(chat)
	if len(candidates) == 0 {
		return "", fmt.Errorf("%s: no candidates: %w", op, ErrNoAgent)
	}
	lookup, _ := t.store.(ChatLookup)
	if lookup != nil {
		if agent, err := holder(ctx, lookup, candidates, chat, op); agent != "" || err != nil {
			return agent, err
		}
	}
	start := t.routed.Add(1) - 1
	var taken error // a claim found the chat held by another agent
	for range MaxRouteRounds {
		eligible, err := t.store.ListEligible(ctx, candidates, t.now())
		if err != nil {
			return "", err
		}
		eligible = distinct(eligible)
		n := uint64(len(eligible))
		for i := range n {
			agent := eligible[(start+i)%n]
			_, err := t.store.ClaimChat(ctx, agent, chat, t.now())
			switch {
			case err == nil:
				return agent, nil
			case errors.Is(err, ErrChatTaken):
				if lookup != nil {
					// A concurrent Route or Claim took it meanwhile.
					if agent, err := holder(ctx, lookup, candidates, chat, op); agent != "" || err != nil {
						return agent, err
					}
					continue // released again since: try on
				}
				taken = err
			case errors.Is(err, ErrBusy), errors.Is(err, ErrOffline), errors.Is(err, ErrFull):
				// The agent changed since the read: try the next one.
			default:
				return "", err
			}
		}
		if taken != nil {
			return "", fmt.Errorf("%s: %w", op, taken)
		}
		if n == 0 {
			break
		}
	}
	return "", fmt.Errorf("%s: %d candidates, none could take it: %w", op, len(candidates), ErrNoAgent)
}

// holder asks lookup which agent holds chat: that agent when it is one of
// the candidates, an error wrapping ErrChatTaken when it is not, and ""
// with no error when no agent holds it.
func holder(ctx context.Context, lookup ChatLookup, candidates []string, chat, op string) (string, error) {
	agent, err := lookup.GetChatHolder(ctx, chat)
	switch {
	case err != nil:
		return "", err
	case agent == "":
		return "", nil
	case slices.Contains(candidates, agent):
		return agent, nil
	}
	return "", fmt.Errorf("%s: held by an agent that is not a candidate: %w", op, ErrChatTaken)
}

// distinct returns ids without repeats, in the order of their first
// appearance; ids itself when it has none.
func distinct(ids []string) []string {
	seen := make(map[string]struct{}, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if _, ok := seen[id]; !ok {
			seen[id] = struct{}{}
			out = append(out, id)
		}
	}
	return out
}
