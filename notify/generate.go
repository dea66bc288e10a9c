package notify

//go:generate go tool moq -rm -out notifymock/mock.go -pkg notifymock . PreferenceStore Notifier Availability
