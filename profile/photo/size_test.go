package photo

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit"
)

func TestSizeText(t *testing.T) {
	for n, want := range map[int64]string{
		0: "0 bytes", 100: "100 bytes", 1023: "1023 bytes", 1 << 10: "1 KB", 2048: "2 KB", 1536: "1.5 KB",
		5 << 20: "5 MB", 1572864: "1.5 MB", 5<<20 + 1000: "5 MB", 3 << 30: "3 GB", 5 << 40: "5120 GB",
	} {
		assert.Equal(t, want, sizeText(n), "%d bytes", n)
	}
}

// TestTooLargeSaysMB: the message of an upload over the limit states the
// limit as a person reads it, "5 MB"; the exact number is in its params.
func TestTooLargeSaysMB(t *testing.T) {
	p := NewProcessor(nil)
	_, err := p.Process(context.Background(), bytes.NewReader(make([]byte, DefaultMaxBytes+1)))
	var verr *ValidationError
	require.True(t, errors.As(err, &verr), "%v", err)
	require.Len(t, verr.Fields, 1)
	assert.Equal(t, profilekit.CodePhotoTooLarge, verr.Fields[0].Code)
	assert.Equal(t, "is larger than 5 MB", verr.Fields[0].Message)
	assert.Equal(t, int(DefaultMaxBytes), verr.Fields[0].Params["max_bytes"])
}
