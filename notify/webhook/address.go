package webhook

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"syscall"
	"time"

	"github.com/convrs/profilekit"
)

// ErrForbiddenAddress reports a connection a Notifier refused to open: the
// endpoint's name resolved to an address of the host itself or of a
// private network (see DialControl). It is the Err of the *DeliveryError
// Notify returns, and is not retried.
var ErrForbiddenAddress = profilekit.NewError(profilekit.CodeURLForbiddenAddress, "webhook: forbidden address")

// internalPrefixes are the networks a webhook must not reach unless
// Options.AllowInternal says so: this host, private and shared networks,
// link-local addresses (where cloud metadata services answer), multicast,
// broadcast and reserved space, in IPv4 and IPv6.
var internalPrefixes = [...]netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),      // "this network", 0.0.0.0 included
	netip.MustParsePrefix("10.0.0.0/8"),     // private (RFC 1918)
	netip.MustParsePrefix("100.64.0.0/10"),  // shared address space, carrier-grade NAT (RFC 6598)
	netip.MustParsePrefix("127.0.0.0/8"),    // loopback
	netip.MustParsePrefix("169.254.0.0/16"), // link-local, 169.254.169.254 included
	netip.MustParsePrefix("172.16.0.0/12"),  // private (RFC 1918)
	netip.MustParsePrefix("192.0.0.0/24"),   // IETF protocol assignments
	netip.MustParsePrefix("192.168.0.0/16"), // private (RFC 1918)
	netip.MustParsePrefix("198.18.0.0/15"),  // benchmarking
	netip.MustParsePrefix("224.0.0.0/4"),    // multicast
	netip.MustParsePrefix("240.0.0.0/4"),    // reserved, 255.255.255.255 included
	netip.MustParsePrefix("::/128"),         // unspecified
	netip.MustParsePrefix("::1/128"),        // loopback
	netip.MustParsePrefix("fc00::/7"),       // unique local
	netip.MustParsePrefix("fe80::/10"),      // link-local
	netip.MustParsePrefix("fec0::/10"),      // site-local (deprecated)
	netip.MustParsePrefix("ff00::/8"),       // multicast
	netip.MustParsePrefix("100::/64"),       // discard-only
	netip.MustParsePrefix("64:ff9b:1::/48"), // local-use IPv4/IPv6 translation
	netip.MustParsePrefix("::/96"),          // IPv4-compatible (deprecated)
	netip.MustParsePrefix("2001::/32"),      // Teredo, which tunnels to an IPv4 address
}

// embeddedIPv4 are the IPv6 prefixes whose last 32 bits, or bits 16 to 48,
// carry an IPv4 address that the packet reaches: NAT64's well-known prefix
// and 6to4.
var (
	nat64   = netip.MustParsePrefix("64:ff9b::/96")
	sixToV4 = netip.MustParsePrefix("2002::/16")
)

// internal reports whether a is an address a webhook must not reach by
// default: see internalPrefixes. An IPv4 address written as IPv6 (mapped,
// NAT64, 6to4) is judged by the IPv4 address.
func internal(a netip.Addr) bool {
	a = a.Unmap()
	if !a.IsValid() {
		return true
	}
	if a.Is6() {
		b := a.As16()
		switch {
		case nat64.Contains(a):
			return internal(netip.AddrFrom4([4]byte(b[12:16])))
		case sixToV4.Contains(a):
			return internal(netip.AddrFrom4([4]byte(b[2:6])))
		}
	}
	for _, p := range internalPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// internalHost reports whether host, the host of a URL without its port,
// names this machine or an internal address by itself, before any name is
// resolved: an IP literal (IPv6 with a zone too) in the internal ranges,
// or "localhost" and the names under it (RFC 6761).
func internalHost(host string) bool {
	name := strings.TrimSuffix(strings.ToLower(host), ".")
	if name == "localhost" || strings.HasSuffix(name, ".localhost") {
		return true
	}
	if a, err := netip.ParseAddr(host); err == nil {
		return a.Zone() != "" || internal(a)
	}
	return false
}

// DialControl is a net.Dialer Control function that refuses to connect to
// an internal address (this host, a private, shared or link-local
// network, multicast or reserved space; IPv4 and IPv6), with an error
// wrapping ErrForbiddenAddress. It runs on the address a name resolved to,
// just before the connection is made, so a name that resolves to a public
// address when the Notifier is made and to an internal one later (DNS
// rebinding) is refused too. The default client of a Notifier dials with
// it; a program that gives Options.Client puts it in that client's
// transport's dialer to keep the guard.
func DialControl(network, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("webhook: dial %s: %w", network, ErrForbiddenAddress)
	}
	if internal(ap.Addr()) {
		return fmt.Errorf("webhook: dial %s: %s is an internal address: %w", network, ap.Addr(), ErrForbiddenAddress)
	}
	return nil
}

// guarded is the default client of a Notifier; see guardedClient.
var guarded = guardedClient()

// guardedClient returns the default client of a Notifier that may reach
// only public addresses: http.DefaultTransport's settings but no proxy
// (the guard would check the proxy's address, not the receiver's), a
// dialer with DialControl, and redirects answered as the final response.
func guardedClient() *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second, Control: DialControl}
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.Proxy = nil
	t.DialContext = dialer.DialContext
	return &http.Client{Transport: t, CheckRedirect: noRedirect}
}

// isForbidden reports whether err is a refusal of DialControl.
func isForbidden(err error) bool { return errors.Is(err, ErrForbiddenAddress) }
