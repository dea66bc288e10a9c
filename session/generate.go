package session

//go:generate go tool moq -rm -out sessionmock/store.go -pkg sessionmock . Store
