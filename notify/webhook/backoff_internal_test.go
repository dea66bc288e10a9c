package webhook

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBackoffDoublesWithJitterUpToTheMaximum(t *testing.T) {
	n, err := New("http://example.com", make([]byte, MinSecretLength), &Options{MinBackoff: 100 * time.Millisecond, MaxBackoff: time.Second})
	require.NoError(t, err)
	for attempt, base := range map[int]time.Duration{1: 100, 2: 200, 3: 400, 4: 800, 5: 1000, 30: 1000} {
		base *= time.Millisecond
		seen := map[time.Duration]bool{}
		for range 200 {
			d := n.backoff(attempt)
			assert.GreaterOrEqual(t, d, base/2, "attempt %d", attempt)
			assert.LessOrEqual(t, d, base, "attempt %d", attempt)
			seen[d] = true
		}
		assert.Greater(t, len(seen), 1, "attempt %d: the wait is jittered", attempt)
	}
}
