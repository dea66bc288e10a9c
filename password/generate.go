package password

//go:generate go tool moq -out passwordmock/mock.go -pkg passwordmock . CredentialStore Hasher Blocklist Observer Clock
