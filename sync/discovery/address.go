package discovery

import (
	"net"
	"net/netip"
	"strconv"
	"strings"

	"github.com/longhand/longhand/store"
)

// DefaultPort is the port Longhand listens on unless told otherwise, and
// the one a typed-in address without a port means.
const DefaultPort = 7414

// ParseAddress reads an address a person typed: "host", "host:port",
// "192.168.1.20", "fe80::1%eth0", "[fd00::2]:7414". It returns it as
// host:port, with DefaultPort when none was given.
func ParseAddress(s string) (string, error) {
	s = strings.TrimSpace(s)
	example := "such as 192.168.1.20, laptop.local or laptop.local:" + strconv.Itoa(DefaultPort)
	if s == "" {
		return "", store.Errorf(store.EINVALID, "Type the address of another device, %s.", example)
	}
	if strings.Contains(s, "/") || strings.Contains(s, "@") {
		return "", store.Errorf(store.EINVALID, "Type only the device's address, %s, without a scheme or a path.", example)
	}
	host, port := s, ""
	switch {
	case strings.HasPrefix(s, "["):
		end := strings.Index(s, "]")
		if end < 0 {
			return "", store.Errorf(store.EINVALID, "%q opens a [ for an IPv6 address but does not close it.", s)
		}
		host, port = s[1:end], s[end+1:]
		if port != "" {
			if !strings.HasPrefix(port, ":") {
				return "", store.Errorf(store.EINVALID, "%q has something after the IPv6 address that is not :port.", s)
			}
			port = port[1:]
			if port == "" {
				return "", store.Errorf(store.EINVALID, "%q ends with a colon but no port.", s)
			}
		}
		if a, err := netip.ParseAddr(host); err != nil || !a.Is6() {
			return "", store.Errorf(store.EINVALID, "%q is not an IPv6 address.", host)
		}
	case strings.Count(s, ":") > 1:
		// A bare IPv6 address: every colon is its own.
		if _, err := netip.ParseAddr(s); err != nil || strings.Contains(s, "]") {
			return "", store.Errorf(store.EINVALID, "%q is not an address. Put an IPv6 address with a port in brackets, such as [fd00::2]:%d.", s, DefaultPort)
		}
	case strings.Contains(s, ":"):
		i := strings.LastIndex(s, ":")
		host, port = s[:i], s[i+1:]
		if port == "" {
			return "", store.Errorf(store.EINVALID, "%q ends with a colon but no port.", s)
		}
	}
	p := DefaultPort
	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 || strings.TrimLeft(port, "0123456789") != "" {
			return "", store.Errorf(store.EINVALID, "%q is not a port: use a number from 1 to 65535.", port)
		}
		p = n
	}
	if !validHost(host) {
		return "", store.Errorf(store.EINVALID, "%q is not a device name or an IP address, %s.", host, example)
	}
	return net.JoinHostPort(host, strconv.Itoa(p)), nil
}

// validHost accepts an IP address or a DNS name: labels of letters,
// digits and inner hyphens, at most 63 bytes each and 253 in all.
func validHost(h string) bool {
	if a, err := netip.ParseAddr(h); err == nil {
		// An IPv6 zone names an interface: letters, digits, . _ -
		return strings.Trim(a.Zone(), "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == ""
	}
	h = strings.TrimSuffix(h, ".")
	if h == "" || len(h) > 253 {
		return false
	}
	for _, label := range strings.Split(h, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, c := range label {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-') {
				return false
			}
		}
	}
	// A name of digits and dots only is a mistyped IPv4 address.
	return strings.Trim(h, "0123456789.") != ""
}
