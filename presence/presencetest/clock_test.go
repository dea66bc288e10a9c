package presencetest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/convrs/profilekit/presence/presencetest"
)

func TestClock(t *testing.T) {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	c := presencetest.NewClock(start)
	assert.Equal(t, start, c.Now())

	now := c.After(0)
	assert.Equal(t, start, <-now, "After(0) fires at once")

	soon, later := c.After(time.Second), c.After(time.Minute)
	c.Advance(999 * time.Millisecond)
	assert.Empty(t, soon)
	c.Advance(time.Millisecond)
	assert.Equal(t, start.Add(time.Second), <-soon)
	assert.Empty(t, later)
	c.Advance(time.Hour)
	assert.Equal(t, start.Add(time.Hour+time.Second), <-later)
	assert.Equal(t, start.Add(time.Hour+time.Second), c.Now())
}
