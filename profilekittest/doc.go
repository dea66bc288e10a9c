// Package profilekittest holds the test doubles every profilekit package's
// tests share, and that a service embedding profilekit can use in its own:
// Clock, a manual profilekit.AlarmClock that moves only when told to, and
// Recorder, a profilekit.Observer that keeps the events it is given.
// Package-specific fakes (notifytest.Recorder for Notifications, the
// moq mocks in profilemock and the others) live beside their packages.
package profilekittest
