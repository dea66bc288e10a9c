package profile

//go:generate go tool moq -rm -out profilemock/store.go -pkg profilemock . Store UsernameLookup Lister
