package password

// Subject describes the agent whose password is checked: the context words
// a password must not contain, and whether the agent signs in with a second
// factor. The embedding service fills it from its own records (a profile,
// for example); this package reads no profiles.
type Subject struct {
	// AgentID identifies the agent. It never changes.
	AgentID string `json:"agent_id"`
	// Username is the agent's login name. Passwords must not contain it or
	// be near-copies of it.
	Username string `json:"username"`
	// Name is the agent's name as shown to other agents.
	Name string `json:"name"`
	// PublicName is the name shown to customers.
	PublicName string `json:"public_name"`
	// Email is the agent's e-mail address, if any; its local part and
	// domain labels are forbidden words.
	Email string `json:"email"`
	// SecondFactor says that the agent signs in with a second factor, which
	// lets a Policy accept passwords shorter than 15 characters (down to
	// MinLengthSecondFactor) when its MinLength allows it.
	SecondFactor bool `json:"second_factor"`
}
