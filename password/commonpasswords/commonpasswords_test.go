package commonpasswords_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/convrs/profilekit/password"
	"github.com/convrs/profilekit/password/commonpasswords"
)

func TestWordlistHoldsEveryEmbeddedLine(t *testing.T) {
	list, err := commonpasswords.Wordlist()
	require.NoError(t, err)
	f, err := os.Open("common-passwords.txt.gz")
	require.NoError(t, err)
	defer f.Close()
	zr, err := gzip.NewReader(f)
	require.NoError(t, err)
	lines := 0
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		lines++
		found, err := list.Contains(context.Background(), sc.Text())
		require.NoError(t, err)
		require.True(t, found, sc.Text())
	}
	require.NoError(t, sc.Err())
	assert.Equal(t, 47023, lines)
	assert.GreaterOrEqual(t, list.Len(), 47000)
}

func TestNewRefusesCommonPasswords(t *testing.T) {
	list, err := commonpasswords.New()
	require.NoError(t, err)
	policy := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{list}})
	ctx := context.Background()
	s := password.Subject{AgentID: "a1"}
	for _, pw := range []string{"Password1234567", "correcthorsebatterystaple", "qwertyuiopasdfgh", "iloveyou12345678", "Password password!", "1qaz2wsx3edc4rfv"} {
		err := policy.Validate(ctx, s, pw)
		var verr *password.ValidationError
		require.ErrorAs(t, err, &verr, pw)
		assert.Equal(t, "password.breached", string(verr.Fields[0].Code), pw)
	}
	for _, pw := range []string{"violet tram under seven lanterns", "kcuv-zmqh-rtaw-pbne", "Mein Hund frisst gern Rhabarber"} {
		assert.NoError(t, policy.Validate(ctx, s, pw), pw)
	}
}

func BenchmarkNew(b *testing.B) {
	for b.Loop() {
		if _, err := commonpasswords.New(); err != nil {
			b.Fatal(err)
		}
	}
}
