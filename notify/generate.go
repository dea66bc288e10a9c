package notify

//go:generate go tool moq -out notifymock/mock.go -pkg notifymock . PreferenceStore Notifier Availability
