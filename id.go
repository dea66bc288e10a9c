package profilekit

import "strconv"

// MaxIDLength is the longest ID accepted, in bytes; an ID is ASCII, so it
// is also the longest in characters.
const MaxIDLength = 128

// CheckID applies the one ID rule of profilekit to id, the value of the
// named field: an agent, session, chat or any other ID is 1 to MaxIDLength
// visible ASCII characters (U+0021 to U+007E), with no space, control
// character or non-ASCII byte. Every service checks every ID it is given
// with it before a store sees the ID, so each adapter can index IDs as
// bytes. CheckID returns nil for a valid ID, and otherwise the problem,
// whose message does not repeat the ID.
func CheckID(field, id string) *FieldError {
	switch {
	case id == "":
		return &FieldError{Field: field, Code: CodeIDRequired, Message: "is required"}
	case len(id) > MaxIDLength:
		return &FieldError{Field: field, Code: CodeIDTooLong, Message: "must be at most " + strconv.Itoa(MaxIDLength) + " characters",
			Params: map[string]any{"max": MaxIDLength}}
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c > '~' {
			return &FieldError{Field: field, Code: CodeIDInvalidChars, Message: CodeIDInvalidChars.Message()}
		}
	}
	return nil
}
