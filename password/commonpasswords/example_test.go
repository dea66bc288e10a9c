package commonpasswords_test

import (
	"context"
	"fmt"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/password/commonpasswords"
)

// newPolicy is the package documentation's snippet.
func newPolicy() (*password.Policy, error) {
	list, err := commonpasswords.New()
	if err != nil {
		return nil, err
	}
	policy := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{list}})
	return policy, nil
}

func Example() {
	policy, err := newPolicy()
	if err != nil {
		fmt.Println(err)
		return
	}
	s := password.Subject{AgentID: "a1"}
	for _, pw := range []string{"Password1234567", "qwertyuiopasdfgh", "violet tram under seven lanterns"} {
		fmt.Printf("%s: %v\n", pw, policy.Validate(context.Background(), s, pw))
	}
	// Output:
	// Password1234567: password: invalid input: password: is too common or has appeared in a data breach (password.breached)
	// qwertyuiopasdfgh: password: invalid input: password: is too common or has appeared in a data breach (password.breached)
	// violet tram under seven lanterns: <nil>
}
