package feed_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/feed"
)

func TestStreamsLimits(t *testing.T) {
	s := feed.NewStreams(&feed.StreamLimits{PerSession: 2, PerAgent: 3, Total: 4})
	open := func(agent, session string) (*feed.Stream, error) { return s.Open(agent, session) }
	a1, err := open("ada", "s1")
	require.NoError(t, err)
	_, err = open("ada", "s1")
	require.NoError(t, err)

	_, err = open("ada", "s1")
	var lerr *feed.StreamLimitError
	require.ErrorAs(t, err, &lerr)
	assert.Equal(t, feed.ScopeSession, lerr.Scope)
	assert.Equal(t, 2, lerr.Max)
	assert.ErrorIs(t, err, feed.ErrTooManyStreams)
	assert.Equal(t, profilekit.CodeFeedTooManyStreams, profilekit.CodeOf(err))

	_, err = open("ada", "s2")
	require.NoError(t, err)
	_, err = open("ada", "s2")
	require.ErrorAs(t, err, &lerr)
	assert.Equal(t, feed.ScopeAgent, lerr.Scope)

	_, err = open("grace", "s3")
	require.NoError(t, err)
	_, err = open("grace", "s3")
	require.ErrorAs(t, err, &lerr)
	assert.Equal(t, feed.ScopeTotal, lerr.Scope)

	a1.Close()
	a1.Close() // twice is harmless
	select {
	case <-a1.Done():
	default:
		t.Fatal("Close did not close Done")
	}
	session, agent, total := s.Count("ada", "s1")
	assert.Equal(t, [3]int{1, 2, 3}, [3]int{session, agent, total})
	_, err = open("grace", "s3")
	assert.NoError(t, err, "a closed stream frees its place")
}

func TestStreamsDefaults(t *testing.T) {
	s := feed.NewStreams(nil)
	assert.Equal(t, feed.StreamLimits{
		PerSession: feed.DefaultStreamsPerSession, PerAgent: feed.DefaultStreamsPerAgent, Total: feed.DefaultStreamsTotal,
	}, s.Limits())
	n := 0
	for {
		_, err := s.Open("ada", "s1")
		if err != nil {
			assert.ErrorIs(t, err, feed.ErrTooManyStreams)
			break
		}
		n++
	}
	assert.Equal(t, feed.DefaultStreamsPerSession, n)
}

func TestStreamsCloseAll(t *testing.T) {
	s := feed.NewStreams(nil)
	st, err := s.Open("ada", "s1")
	require.NoError(t, err)
	s.CloseAll()
	select {
	case <-st.Done():
	default:
		t.Fatal("CloseAll did not close Done")
	}
	st.Close()
	_, err = s.Open("ada", "s1")
	assert.ErrorIs(t, err, profilekit.ErrClosed)
}

// TestStreamsConcurrentOpens: under concurrent opens the caps hold
// exactly, and closing every stream brings the counts back to zero.
func TestStreamsConcurrentOpens(t *testing.T) {
	s := feed.NewStreams(&feed.StreamLimits{PerSession: 5, PerAgent: 1000, Total: 1000})
	var mu sync.Mutex
	var opened []*feed.Stream
	var wg sync.WaitGroup
	for i := range 200 {
		wg.Go(func() {
			st, err := s.Open("ada", fmt.Sprintf("s%d", i%10))
			if errors.Is(err, feed.ErrTooManyStreams) {
				return
			}
			if !assert.NoError(t, err) {
				return
			}
			mu.Lock()
			opened = append(opened, st)
			mu.Unlock()
		})
	}
	wg.Wait()
	assert.Len(t, opened, 50, "10 sessions of 5")
	for _, st := range opened {
		wg.Go(st.Close)
	}
	wg.Wait()
	session, agent, total := s.Count("ada", "s0")
	assert.Equal(t, [3]int{0, 0, 0}, [3]int{session, agent, total})
}

// serveCounted is the package doc's use of Streams: a stream counted while it is
// served.
func serveCounted(streams *feed.Streams, agentID, sessionID string, client <-chan struct{}) error {
	st, err := streams.Open(agentID, sessionID)
	if err != nil {
		return err // 429 for ErrTooManyStreams
	}
	defer st.Close()
	// serve until st.Done() is closed or the client leaves
	select {
	case <-st.Done():
	case <-client:
	}
	return nil
}

func TestStreamsServe(t *testing.T) {
	s := feed.NewStreams(&feed.StreamLimits{PerSession: 1})
	left := make(chan struct{})
	close(left)
	require.NoError(t, serveCounted(s, "ada", "s1", left))
	require.NoError(t, serveCounted(s, "ada", "s1", left), "the first stream's place was freed")
}
