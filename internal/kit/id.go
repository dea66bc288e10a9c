package kit

import (
	"strconv"

	"github.com/convrs/profilekit"
)

// quotedIDPrefix is how many bytes of an ID QuoteID shows.
const quotedIDPrefix = 12

// ValidID reports whether id passes profilekit.CheckID, without building
// the field error.
func ValidID(id string) bool {
	if id == "" || len(id) > profilekit.MaxIDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		if c := id[i]; c <= ' ' || c > '~' {
			return false
		}
	}
	return true
}

// QuoteID returns id quoted for an error message, cut to its first few
// bytes followed by "…" when longer: errors never echo a whole ID, which
// may be long or hostile. The result is valid UTF-8 whatever id holds.
func QuoteID(id string) string {
	if len(id) <= quotedIDPrefix {
		return strconv.Quote(id)
	}
	return strconv.Quote(id[:quotedIDPrefix]) + "…"
}
