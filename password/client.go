package password

import (
	"net"
	"net/netip"
)

// ClientFromAddr returns the client key of a network address, for
// Service.VerifyFrom: the IP address without its port ("203.0.113.9" for
// "203.0.113.9:52100"), with an IPv4-mapped IPv6 address written as IPv4,
// and an IPv6 address cut to its /64 network ("2001:db8:1:2::/64"), since
// one host usually holds a whole /64 and could otherwise try from as many
// addresses as it likes. addr may be a bare IP or host:port, as
// http.Request.RemoteAddr is; anything else (a Unix socket's path, "")
// is returned unchanged, so that it is still one key.
//
// Behind a reverse proxy RemoteAddr is the proxy's address: every sign-in
// then shares one client key, and the per-client throttle acts as one for
// the whole proxy. Pass the client's address as the proxy reports it (the
// last address a trusted proxy appended to X-Forwarded-For) instead; never
// one the client could set itself.
func ClientFromAddr(addr string) string {
	host := addr
	if h, _, err := net.SplitHostPort(addr); err == nil {
		host = h
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return addr
	}
	ip = ip.Unmap().WithZone("")
	if ip.Is4() {
		return ip.String()
	}
	p, err := ip.Prefix(64)
	if err != nil {
		return addr
	}
	return p.String()
}
