// Package profilemock holds moq-generated mocks of the profile package's
// interfaces, for the tests of code that embeds profilekit. Regenerate with
// go generate ./profile.
package profilemock
