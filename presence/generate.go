package presence

//go:generate go tool moq -rm -out presencemock/store.go -pkg presencemock . Store ChangeFeed Subscription ChatLookup
