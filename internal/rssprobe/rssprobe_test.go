package rssprobe_test

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/convrs/profilekit/internal/rssprobe"
)

func TestBurstCallsEveryOneAndJoinsErrors(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	boom := errors.New("boom")
	_, err := rssprobe.Burst(10, func() error {
		if calls.Add(1)%4 == 0 {
			return boom
		}
		return nil
	})
	assert.Equal(t, int32(10), calls.Load())
	assert.ErrorIs(t, err, boom)
	assert.Len(t, strings.Split(err.Error(), "\n"), 2, "calls 4 and 8 failed")

	_, err = rssprobe.Burst(3, func() error { return nil })
	assert.NoError(t, err)
}
