package presence

import (
	"strconv"

	"github.com/convrs/profilekit/internal/kit"

	"github.com/convrs/profilekit"
)

// enumString returns names[v], or typ(v) when v names no constant.
func enumString(typ string, names []string, v int) string {
	if v > 0 && v < len(names) {
		return names[v]
	}
	return typ + "(" + strconv.Itoa(v) + ")"
}

// enumMarshal returns names[v] as bytes, or a *ValidationError for field
// with code when v names no constant.
func enumMarshal(field string, code profilekit.Code, names []string, v int) ([]byte, error) {
	if v > 0 && v < len(names) {
		return []byte(names[v]), nil
	}
	return nil, kit.Invalid(domain, FieldError{
		Field:   field,
		Code:    code,
		Message: strconv.Itoa(v) + " " + code.Message(),
	})
}

// enumParse returns the index of text in names, or a *ValidationError for
// field with code when text is none of them.
func enumParse(field string, code profilekit.Code, names []string, text []byte) (int, error) {
	for i, name := range names {
		if i > 0 && string(text) == name {
			return i, nil
		}
	}
	return 0, kit.Invalid(domain, FieldError{
		Field:   field,
		Code:    code,
		Message: kit.QuoteID(string(text)) + " " + code.Message(),
	})
}
