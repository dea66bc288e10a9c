//go:build linux

package rssprobe_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/internal/rssprobe"
)

func TestStatus(t *testing.T) {
	t.Parallel()
	v, err := rssprobe.Status("VmHWM:")
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(v, " kB"), v)
	_, err = rssprobe.Status("NoSuchKey:")
	assert.ErrorContains(t, err, "no NoSuchKey:")
}
