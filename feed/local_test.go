package feed_test

import (
	"testing"

	"github.com/convrs/profilekit/feed"
	"github.com/convrs/profilekit/feed/feedtest"
)

func TestLocalTransport(t *testing.T) {
	feedtest.RunTransport(t, feedtest.Transports{
		Open: func(t *testing.T) (a, b feed.Transport) {
			l := feed.NewLocal()
			return l, l
		},
	})
}
