package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQuickstart(t *testing.T) {
	var out bytes.Buffer
	require.NoError(t, run(context.Background(), &out))
	for _, want := range []string{
		`saved: public name "Ada L.", language en-GB, mobile +447400123456`,
		"refused: public_name: must contain at least one letter or digit (text.no_letter_or_digit)",
		"refused: mobile: is a fixed-line number, not a mobile number (phone.not_mobile)",
		"forbidden: true",
		"conflict: true",
		`composing "thanks for waiting!" sends "Thanks for waiting!"`,
		"password refused: password.too_short",
		"password refused: password.mismatch",
		"password changed",
		`presence: busy, badge "Busy" in red; new chat refused: true`,
	} {
		assert.Contains(t, out.String(), want)
	}
}
