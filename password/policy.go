package password

import (
	"cmp"
	"context"
	"fmt"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
)

// Length limits of a Policy, in characters after preparation.
const (
	// DefaultMinLength is the minimum length of a password, and the lowest
	// minimum a Policy applies to agents without a second factor (NIST SP
	// 800-63B rev. 4: 15 when the password is the only factor).
	DefaultMinLength = 15
	// MinLengthSecondFactor is the lowest minimum a Policy applies to agents
	// with a second factor (NIST SP 800-63B rev. 4: 8).
	MinLengthSecondFactor = 8
	// DefaultMaxLength is the maximum length of a password.
	DefaultMaxLength = 128
	// MinMaxLength is the lowest maximum a Policy accepts: NIST asks
	// verifiers to allow at least 64 characters.
	MinMaxLength = 64
	// DefaultProductName is the product name passwords must not contain.
	DefaultProductName = "Convrs"
)

// PolicyOptions configures a Policy. The zero value, and a nil
// *PolicyOptions, give the defaults.
type PolicyOptions struct {
	// MinLength is the minimum number of characters. Zero means
	// DefaultMinLength. Values below DefaultMinLength apply only to agents
	// whose Subject has SecondFactor set, and never below
	// MinLengthSecondFactor; everyone else needs DefaultMinLength.
	MinLength int
	// MaxLength is the maximum number of characters. Zero means
	// DefaultMaxLength; values below MinMaxLength are raised to it.
	MaxLength int
	// ProductName is a word passwords must not contain. Empty means
	// DefaultProductName.
	ProductName string
	// Words are more words passwords must not contain (the company's name,
	// for example). They are compared case-insensitively after
	// preparation; words shorter than four characters are ignored.
	Words []string
	// Blocklists are consulted in order; a password on any of them is
	// rejected with profilekit.CodePasswordBreached. A Blocklist that
	// cannot answer makes the password rejected with
	// profilekit.CodePasswordCheckUnavailable.
	Blocklists []Blocklist
}

// Policy decides whether a password may be used, following NIST SP 800-63B
// (revision 4): a minimum and maximum length counted in characters after
// PRECIS preparation, no composition rules, and no password that is on a
// blocklist, contains context-specific words, or is a repeat or sequence.
//
// A Policy is immutable and safe for concurrent use.
type Policy struct {
	minLength  int
	maxLength  int
	words      []string // folded product name and extra words
	blocklists []Blocklist
}

// NewPolicy returns a Policy with the given options; nil means the defaults.
func NewPolicy(opts *PolicyOptions) *Policy {
	var o PolicyOptions
	if opts != nil {
		o = *opts
	}
	minLength := max(cmp.Or(o.MinLength, DefaultMinLength), MinLengthSecondFactor)
	return &Policy{
		minLength:  minLength,
		maxLength:  max(cmp.Or(o.MaxLength, DefaultMaxLength), MinMaxLength, minLength),
		words:      nameWords(append([]string{cmp.Or(o.ProductName, DefaultProductName)}, o.Words...)...),
		blocklists: append([]Blocklist(nil), o.Blocklists...),
	}
}

// MinLength returns the minimum number of characters for an agent with or
// without a second factor.
func (p *Policy) MinLength(secondFactor bool) int {
	if secondFactor {
		return p.minLength
	}
	return max(p.minLength, DefaultMinLength)
}

// MaxLength returns the maximum number of characters.
func (p *Policy) MaxLength() int { return p.maxLength }

// Validate checks password for the agent s and returns nil when the policy
// accepts it. Otherwise it returns a *ValidationError listing every reason
// at once, each on FieldPassword, or an error wrapping ctx.Err() when ctx
// ends while a blocklist is consulted. It never changes anything.
func (p *Policy) Validate(ctx context.Context, s Subject, password string) error {
	var c kit.Collector
	if _, err := p.check(ctx, &c, s, password, FieldPassword); err != nil {
		return err
	}
	return c.Err(domain)
}

// check records the problems of password, reported on field, in c and
// returns the prepared password ("" when it cannot be used).
func (p *Policy) check(ctx context.Context, c *kit.Collector, s Subject, password, field string) (string, error) {
	add := func(code profilekit.Code, params kit.Params, msg string) {
		c.Add(FieldError{Field: field, Code: code, Message: cmp.Or(msg, code.Message()), Params: params})
	}
	tooLong := func() {
		add(profilekit.CodePasswordTooLong, kit.Params{"max": p.maxLength}, fmt.Sprintf("must have at most %d characters", p.maxLength))
	}

	prepared, code := prepare(password, p.maxLength*bytesPerChar)
	switch code {
	case profilekit.CodePasswordTooLong:
		tooLong()
		return "", nil
	case profilekit.CodePasswordInvalid:
		add(code, nil, "")
		return "", nil
	}
	n := length(prepared)
	if minimum := p.MinLength(s.SecondFactor); n < minimum {
		add(profilekit.CodePasswordTooShort, kit.Params{"min": minimum}, fmt.Sprintf("must have at least %d characters", minimum))
	}
	if n > p.maxLength {
		tooLong()
		return "", nil
	}
	if prepared == "" {
		return "", nil
	}
	folded := fold(prepared)
	for _, code := range contextWords(folded, s, p.words) {
		add(code, nil, "")
	}
	if code := repetition(folded); code != "" {
		add(code, nil, "")
	}
	code, err := p.blocked(ctx, prepared)
	if err != nil {
		return "", err
	}
	if code != "" {
		add(code, nil, "")
	}
	return prepared, nil
}

// blocked consults the blocklists and returns
// profilekit.CodePasswordBreached, profilekit.CodePasswordCheckUnavailable
// or "". It returns an error only when ctx ends.
func (p *Policy) blocked(ctx context.Context, prepared string) (profilekit.Code, error) {
	unavailable := false
	for _, b := range p.blocklists {
		found, err := b.Contains(ctx, prepared)
		if err != nil {
			if ctx.Err() != nil {
				return "", fmt.Errorf("password: consult blocklist: %w", ctx.Err())
			}
			unavailable = true
			continue
		}
		if found {
			return profilekit.CodePasswordBreached, nil
		}
	}
	if unavailable {
		return profilekit.CodePasswordCheckUnavailable, nil
	}
	return "", nil
}
