package discovery

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"log"
	"net"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/mdns"

	"github.com/longhand/longhand/store"
)

// Service is the DNS-SD service type Longhand announces.
const Service = "_longhand._tcp"

// Version is the value of the TXT record's v key.
const Version = "1"

// Tag returns the workspace's tag: hex of the first 8 bytes of
// HMAC-SHA256 with the workspace ID as key, of "longhand mdns v1".
func Tag(workspace store.DocID) string {
	m := hmac.New(sha256.New, []byte(workspace))
	m.Write([]byte("longhand mdns v1"))
	return hex.EncodeToString(m.Sum(nil)[:8])
}

// TXT returns the TXT record of an announcement for workspace.
func TXT(workspace store.DocID) []string { return []string{"v=" + Version, "t=" + Tag(workspace)} }

// Peer is a device found on the network.
type Peer struct {
	Addr     string // host:port, to give to transport.Dial or transport.Join
	Instance string // its random name for this run
}

var quiet = log.New(io.Discard, "", 0)

// own holds the instance names this process announces, so that Browse
// does not offer this device to itself.
var own sync.Map

// Advertise announces this device, listening on port, to the local
// network as a device of workspace, until stop is called or ctx ends.
func Advertise(ctx context.Context, port int, workspace store.DocID) (stop func(), err error) {
	if port <= 0 || port > 65535 {
		return nil, store.Errorf(store.EINVALID, "%d is not a port to announce.", port)
	}
	ips := localIPs()
	if len(ips) == 0 {
		return nil, store.Errorf(store.EUNAVAILABLE, "This device has no network address to announce itself on. Other devices can still connect by its address.")
	}
	var b [8]byte
	rand.Read(b[:])
	instance := hex.EncodeToString(b[:])
	svc, err := mdns.NewMDNSService(instance, Service, "local.", instance+".local.", port, ips, TXT(workspace))
	if err != nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot announce this device on the network: %v.", err)
	}
	srv, err := mdns.NewServer(&mdns.Config{Zone: svc, Logger: quiet})
	if err != nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot announce this device on the network (%v). Other devices can still connect by its address.", err)
	}
	own.Store(instance, true)
	var once sync.Once
	done := make(chan struct{})
	stop = func() {
		once.Do(func() {
			close(done)
			srv.Shutdown()
			own.Delete(instance)
		})
	}
	go func() {
		select {
		case <-ctx.Done():
			stop()
		case <-done:
		}
	}()
	return stop, nil
}

// localIPs returns the addresses of the interfaces that are up and can
// multicast, loopback aside.
func localIPs() []net.IP {
	ifaces, err := net.Interfaces()
	if err != nil {
		return nil
	}
	var ips []net.IP
	for _, ifc := range ifaces {
		if ifc.Flags&net.FlagUp == 0 || ifc.Flags&net.FlagMulticast == 0 || ifc.Flags&net.FlagLoopback != 0 {
			continue
		}
		addrs, err := ifc.Addrs()
		if err != nil {
			continue
		}
		for _, a := range addrs {
			if n, ok := a.(*net.IPNet); ok && !n.IP.IsLinkLocalUnicast() {
				ips = append(ips, n.IP)
			}
		}
	}
	return ips
}

// Browse asks the local network for devices of workspace for timeout and
// returns those that answered, this process's own announcements aside.
func Browse(ctx context.Context, workspace store.DocID, timeout time.Duration) ([]Peer, error) {
	entries := make(chan *mdns.ServiceEntry, 256)
	params := &mdns.QueryParam{Service: Service, Domain: "local", Timeout: timeout, Entries: entries, Logger: quiet}
	// The library goes on filling in an entry after sending it, so the
	// entries are read only once the query is over.
	err := mdns.QueryContext(ctx, params)
	close(entries)
	if err != nil && ctx.Err() == nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "Longhand cannot look for devices on the network (%v). Type a device's address instead.", err)
	}
	tag := Tag(workspace)
	seen := map[string]bool{}
	var peers []Peer
	for e := range entries {
		p, ok := match(e, tag)
		if !ok || seen[p.Addr] {
			continue
		}
		if _, mine := own.Load(p.Instance); mine {
			continue
		}
		seen[p.Addr] = true
		peers = append(peers, p)
	}
	return peers, nil
}

// match returns the peer an answer describes when it is a Longhand
// device of the workspace whose tag is tag.
func match(e *mdns.ServiceEntry, tag string) (Peer, bool) {
	suffix := "." + Service + ".local."
	if e == nil || !strings.HasSuffix(e.Name, suffix) || e.Port <= 0 || e.Port > 65535 {
		return Peer{}, false
	}
	var v, t bool
	for _, f := range e.InfoFields {
		v = v || f == "v="+Version
		t = t || f == "t="+tag
	}
	if !v || !t {
		return Peer{}, false
	}
	var host string
	switch {
	case e.AddrV4 != nil:
		host = e.AddrV4.String()
	case e.AddrV6IPAddr != nil:
		host = e.AddrV6IPAddr.String()
	default:
		return Peer{}, false
	}
	instance := strings.TrimSuffix(e.Name, suffix)
	instance = strings.ReplaceAll(instance, `\`, "")
	return Peer{Addr: net.JoinHostPort(host, strconv.Itoa(e.Port)), Instance: instance}, true
}
