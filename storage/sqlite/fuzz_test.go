package sqlite_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/storage/sqlite"
	"github.com/convrs/profilekit/storage/storagetest"
)

// FuzzProfileRoundTrip checks that any text and any time (to the
// microsecond) comes back from the store exactly as it went in.
func FuzzProfileRoundTrip(f *testing.F) {
	s, err := sqlite.Open(context.Background(), sqlite.Memory, nil)
	require.NoError(f, err)
	defer s.Close()
	storagetest.FuzzProfileRoundTrip(f, s, nil)
}

func TestTimesAreTruncatedToTheMicrosecond(t *testing.T) {
	s, _ := openFile(t)
	defer s.Close()
	storagetest.TimesTruncatedToTheMicrosecond(t, s)
}
