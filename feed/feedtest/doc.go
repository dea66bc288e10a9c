// Package feedtest is the conformance suite of feed.Transport: RunTransport
// runs two Feeds ("instances") on a transport and checks what every
// transport must give them. The in-process Local runs it in feed's tests;
// feed/pgfeed and feed/natsfeed run it against real servers.
package feedtest
