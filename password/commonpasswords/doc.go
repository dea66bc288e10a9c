// Package commonpasswords gives a password.Policy a list of common
// passwords that is in the binary, so a service refuses them from its
// first start, offline, with nothing to download or configure.
//
// The list is zxcvbn's password frequency list (47,023 passwords drawn from
// breaches, MIT licence, Copyright (c) 2012-2016 Dan Wheeler and Dropbox,
// Inc.; the notice is in LICENSE-zxcvbn.txt beside this file), gzipped in
// the package, plus a few long phrases made famous by comics and examples
// ("correcthorsebatterystaple") that such lists, gathered when passwords
// were short, miss. Importing the package adds about 220 KB to a binary and
// nothing to go.mod; a program that does not import it carries none of it.
//
// New returns a password.Compounds over the list, which also refuses two
// common passwords strung together with a repeat or a sequence
// ("Password1234567", "qwertyuiopasdfgh"); Wordlist returns the list alone.
// Build one value at start and share it: it is immutable and safe for
// concurrent use.
//
//	list, err := commonpasswords.New()
//	if err != nil {
//		return nil, err
//	}
//	policy := password.NewPolicy(&password.PolicyOptions{Blocklists: []password.Blocklist{list}})
//
// The list complements a breached-password service (password.RangeClient)
// rather than replacing it: it holds the most common passwords, while a
// range service knows billions.
package commonpasswords
