package kit

import (
	"context"
	"os"
	"strconv"

	"github.com/convrs/profilekit"
)

// Notify passes e to o when o is not nil: what a service does after
// storing a change.
func Notify(ctx context.Context, o profilekit.Observer, e profilekit.Event) {
	if o != nil {
		o.Observe(ctx, e)
	}
}

// DefaultInstance returns the instance name a service uses when its
// Options name none: the host name and the process ID, "host:1234".
func DefaultInstance() string {
	host, err := os.Hostname()
	if err != nil || host == "" {
		host = "localhost"
	}
	return host + ":" + strconv.Itoa(os.Getpid())
}

// Instance returns name, or DefaultInstance() when name is empty.
func Instance(name string) string {
	if name == "" {
		return DefaultInstance()
	}
	return name
}
