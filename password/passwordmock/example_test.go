package passwordmock_test

import (
	"context"
	"fmt"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/password/passwordmock"
	"github.com/convrs/profilekit/storage/memory"
)

// A HasherMock behind a Service: the test reads what the mock received
// with Reveal, while printing the call records shows no password.
func Example() {
	ctx := context.Background()
	store := memory.New()
	hasher := &passwordmock.HasherMock{
		HashFunc: func(ctx context.Context, pw passwordmock.Secret) (string, error) { return "hash", nil },
	}
	svc := password.New(store, &password.Options{Hasher: passwordmock.Hasher(hasher)})
	if err := svc.Set(ctx, password.Subject{AgentID: "a1"}, "correct horse battery staple"); err != nil {
		fmt.Println(err)
		return
	}
	calls := hasher.HashCalls()
	fmt.Printf("%+v\n", calls[0].Password)
	fmt.Println(calls[0].Password.Reveal())
	// Output:
	// [redacted]
	// correct horse battery staple
}
