package presence

import (
	"strconv"
	"time"

	"github.com/convrs/profilekit"
	"github.com/convrs/profilekit/internal/kit"
	"github.com/convrs/profilekit/internal/text"
)

// Input limits. IDs follow profilekit's one ID rule (profilekit.CheckID:
// 1 to profilekit.MaxIDLength visible ASCII characters).
const (
	// MaxReasonLength is the longest busy reason accepted, in
	// user-perceived characters (grapheme clusters) after preparation.
	MaxReasonLength = 200
	// MaxReasonBytes is the longest busy reason accepted, in bytes of
	// UTF-8 after preparation: 200 emoji fit, 200 letters each carrying a
	// pile of combining marks do not.
	MaxReasonBytes = 800
	// MaxBusyDuration is the longest expiry SetBusyFor accepts.
	MaxBusyDuration = 30 * 24 * time.Hour
	// MaxCapacity is the largest per-agent capacity accepted.
	MaxCapacity = 10_000
	// MaxCandidates is the most candidates Eligible and Route accept in
	// one call.
	MaxCandidates = 100_000
)

// maxCandidateProblems caps the problems Eligible lists for bad candidate
// IDs, so that a list of many bad IDs makes a short error.
const maxCandidateProblems = 10

// problems collects the FieldErrors of one call in the kit collector, with
// the rules of the Tracker's inputs as methods.
type problems struct{ kit.Collector }

// err returns nil or a *ValidationError listing every problem.
func (p *problems) err() error {
	return p.Err(domain)
}

// id checks an ID with profilekit's one ID rule.
func (p *problems) id(field, v string) {
	p.Check(field, profilekit.CheckID(field, v))
}

// ParseReason prepares a busy reason as SetBusyFor does and returns it, or
// a *ValidationError for FieldReason. A reason is optional free text, under
// the rule every profilekit text field follows: the PRECIS Nickname profile
// (RFC 8266), which trims and collapses spaces, normalises width and
// compatibility forms and refuses control characters, bidirectional
// controls (U+202E), zero-width and other format characters and unassigned
// code points (profilekit.CodeTextDisallowedChars); at most MaxReasonLength
// characters and MaxReasonBytes bytes (profilekit.CodeTextTooLong). A
// reason that is empty or only white space prepares to "", no reason.
func ParseReason(s string) (string, error) {
	v, fe := text.Free(FieldReason, s, MaxReasonLength, MaxReasonBytes)
	if fe != nil {
		return "", kit.Invalid(domain, *fe)
	}
	return v, nil
}

// reason checks and prepares a busy reason; see ParseReason.
func (p *problems) reason(s string) string {
	v, fe := text.Free(FieldReason, s, MaxReasonLength, MaxReasonBytes)
	p.Check(FieldReason, fe)
	return v
}

// duration checks a busy duration.
func (p *problems) duration(d time.Duration) {
	switch {
	case d < 0:
		p.Add(FieldError{Field: FieldDuration, Code: profilekit.CodeDurationNegative,
			Message: "must not be negative"})
	case d > MaxBusyDuration:
		p.Addf(FieldDuration, profilekit.CodeDurationTooLong, kit.Params{"max_seconds": int(MaxBusyDuration / time.Second)},
			"must be at most %s (%d days)", MaxBusyDuration, MaxBusyDuration/(24*time.Hour))
	}
}

// capacity checks a chat capacity.
func (p *problems) capacity(c int) {
	if c < 0 || c > MaxCapacity {
		p.Addf(FieldCapacity, profilekit.CodeCapacityOutOfRange, kit.Params{"min": 0, "max": MaxCapacity},
			"must be between 0 and %d", MaxCapacity)
	}
}

// candidates checks the candidate list of Eligible or Route: its length, then each ID,
// listing at most maxCandidateProblems bad ones, each named by its index.
func (p *problems) candidates(ids []string) {
	if len(ids) > MaxCandidates {
		p.Addf(FieldCandidates, profilekit.CodeCandidatesTooMany, kit.Params{"max": MaxCandidates},
			"must name at most %d agents", MaxCandidates)
		return
	}
	bad := 0
	for i, id := range ids {
		if kit.ValidID(id) {
			continue
		}
		fe := profilekit.CheckID(FieldCandidates, id)
		fe.Message = "candidate " + strconv.Itoa(i) + " " + fe.Message
		if fe.Params == nil {
			fe.Params = kit.Params{}
		}
		fe.Params["index"] = i
		p.Add(*fe)
		if bad++; bad == maxCandidateProblems {
			return
		}
	}
}
