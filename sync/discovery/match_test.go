package discovery

import (
	"net"
	"testing"

	"github.com/hashicorp/mdns"
)

func TestMatchFiltersAnswers(t *testing.T) {
	const tag = "2ac52236605029de"
	good := func() *mdns.ServiceEntry {
		return &mdns.ServiceEntry{Name: "a5e9ab5ff887e695._longhand._tcp.local.", Host: "a5e9ab5ff887e695.local.",
			AddrV4: net.IPv4(192, 168, 1, 20), Port: 7414, InfoFields: []string{"v=1", "t=" + tag}}
	}
	tests := []struct {
		name   string
		change func(e *mdns.ServiceEntry)
		want   string // the peer's address, "" for none
	}{
		{"a device of the workspace", func(*mdns.ServiceEntry) {}, "192.168.1.20:7414"},
		{"IPv6 only", func(e *mdns.ServiceEntry) {
			e.AddrV4 = nil
			e.AddrV6IPAddr = &net.IPAddr{IP: net.ParseIP("fe80::1"), Zone: "eth0"}
		}, "[fe80::1%eth0]:7414"},
		{"another workspace", func(e *mdns.ServiceEntry) { e.InfoFields[1] = "t=0000000000000000" }, ""},
		{"no version", func(e *mdns.ServiceEntry) { e.InfoFields = e.InfoFields[1:] }, ""},
		{"a later version", func(e *mdns.ServiceEntry) { e.InfoFields[0] = "v=2" }, ""},
		{"another service", func(e *mdns.ServiceEntry) { e.Name = "printer._ipp._tcp.local." }, ""},
		{"no address", func(e *mdns.ServiceEntry) { e.AddrV4 = nil }, ""},
		{"no port", func(e *mdns.ServiceEntry) { e.Port = 0 }, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := good()
			tt.change(e)
			p, ok := match(e, tag)
			if got := map[bool]string{true: p.Addr}[ok]; got != tt.want {
				t.Errorf("match=%q (%v), want %q", p.Addr, ok, tt.want)
			}
			if ok && p.Instance != "a5e9ab5ff887e695" {
				t.Errorf("Instance=%q", p.Instance)
			}
		})
	}
	if _, ok := match(nil, tag); ok {
		t.Error("a nil answer matched")
	}
}
