package storagetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
)

// concurrently runs write(i) for i in [0, writers) at once and returns the
// errors, indexed by i.
func concurrently(writers int, write func(i int) error) []error {
	errs := make([]error, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() { errs[i] = write(i) })
	}
	wg.Wait()
	return errs
}

// assertOneWinner checks that exactly one of errs is nil and that every
// other wraps loser.
func assertOneWinner(t *testing.T, errs []error, loser error) {
	t.Helper()
	won := 0
	for _, err := range errs {
		if err == nil {
			won++
			continue
		}
		assert.ErrorIs(t, err, loser)
	}
	assert.Equal(t, 1, won, "exactly one concurrent writer must win")
}

// retryOnConflict runs attempt (a read, a change and a versioned write)
// until it returns anything but an error wrapping conflict, as a service
// does when another writer got in first. It gives up after 10,000 tries.
func retryOnConflict(conflict error, attempt func() error) error {
	for range 10_000 {
		if err := attempt(); !errors.Is(err, conflict) {
			return err
		}
	}
	return fmt.Errorf("storagetest: too many conflicts: %w", conflict)
}
