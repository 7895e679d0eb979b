package discovery_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/mdns"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/discovery"
)

const (
	ws    = store.DocID("0123456789abcdef0123456789abcdef")
	other = store.DocID("fedcba9876543210fedcba9876543210")
	// HMAC-SHA256(key = ws, "longhand mdns v1"), first 8 bytes, as Python's
	// hmac module computes it: fixed so every version finds every other.
	goldenTag = "2ac52236605029de"
)

func TestTag(t *testing.T) {
	tag := discovery.Tag(ws)
	if !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(tag) {
		t.Errorf("Tag=%q, want 16 hex digits", tag)
	}
	if discovery.Tag(ws) != tag || discovery.Tag(other) == tag {
		t.Error("the tag is not a function of the workspace alone")
	}
	if want := goldenTag; tag != want {
		t.Errorf("Tag=%q, want %q", tag, want)
	}
	txt := discovery.TXT(ws)
	if len(txt) != 2 || txt[0] != "v=1" || txt[1] != "t="+tag {
		t.Errorf("TXT=%q", txt)
	}
	if strings.Contains(strings.Join(txt, ""), string(ws)) || strings.Contains(strings.Join(txt, ""), string(ws)[:8]) {
		t.Error("the TXT record shows the workspace ID")
	}
}

func TestParseAddress(t *testing.T) {
	def := fmt.Sprint(discovery.DefaultPort)
	tests := []struct {
		in, want string
		err      string // in the refusal's sentence
	}{
		{in: "192.168.1.20", want: "192.168.1.20:" + def},
		{in: "  192.168.1.20:9000 ", want: "192.168.1.20:9000"},
		{in: "laptop.local", want: "laptop.local:" + def},
		{in: "laptop.local:1", want: "laptop.local:1"},
		{in: "fd00::2", want: "[fd00::2]:" + def},
		{in: "[fd00::2]", want: "[fd00::2]:" + def},
		{in: "[fd00::2]:65535", want: "[fd00::2]:65535"},
		{in: "fe80::1%eth0", want: "[fe80::1%eth0]:" + def},
		{in: "", err: "Type the address"},
		{in: "longhand://join?x", err: "without a scheme"},
		{in: "http://laptop:80/", err: "without a scheme"},
		{in: "laptop:", err: "no port"},
		{in: "laptop:0", err: "is not a port"},
		{in: "laptop:65536", err: "is not a port"},
		{in: "laptop:+80", err: "is not a port"},
		{in: "laptop:http", err: "is not a port"},
		{in: "[fd00::2", err: "does not close"},
		{in: "[fd00::2]x", err: "not :port"},
		{in: "[192.168.1.1]:80", err: "not an IPv6 address"},
		{in: "fd00::zz", err: "not an address"},
		{in: "lap top", err: "not a device name"},
		{in: "fe80::1%a b", err: "not a device name"},
		{in: "[fe80::1%]]:80", err: "not :port"},
		{in: "-laptop", err: "not a device name"},
		{in: "a..b", err: "not a device name"},
		{in: "192.168.1.300", err: "not a device name"},
		{in: strings.Repeat("a", 64) + ".local", err: "not a device name"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := discovery.ParseAddress(tt.in)
			if tt.err == "" {
				if err != nil || got != tt.want {
					t.Errorf("ParseAddress(%q)=%q, %v; want %q", tt.in, got, err, tt.want)
				}
				return
			}
			if store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), tt.err) {
				t.Errorf("ParseAddress(%q)=%q, %v; want EINVALID saying %q", tt.in, got, err, tt.err)
			}
		})
	}
}

// TestHelperAdvertise is not a test: TestRoundTrip runs it in another
// process, which announces itself until its stdin closes.
func TestHelperAdvertise(t *testing.T) {
	w := os.Getenv("LONGHAND_MDNS_HELPER")
	if w == "" {
		return
	}
	stop, err := discovery.Advertise(context.Background(), 7414, store.DocID(w))
	if err != nil {
		fmt.Println("error:", err)
		return
	}
	defer stop()
	fmt.Println("ready")
	io.Copy(io.Discard, os.Stdin)
}

// TestRoundTrip announces a device from another process and finds it by
// multicast, when this machine can multicast; where it cannot, Advertise
// must say so clearly.
func TestRoundTrip(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	ws := store.NewDocID() // another run of this test on the network is another workspace
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestHelperAdvertise$")
	cmd.Env = append(os.Environ(), "LONGHAND_MDNS_HELPER="+string(ws))
	stdin, _ := cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { stdin.Close(); cmd.Wait() }()
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if strings.HasPrefix(line, "error:") {
		if !strings.Contains(line, "cannot announce this device") && !strings.Contains(line, "no network address") {
			t.Fatalf("Advertise failed without a clear sentence: %s", line)
		}
		t.Logf("no multicast here, and Advertise says so: %s", line)
		return
	}
	if line != "ready\n" {
		t.Fatalf("helper said %q", line)
	}

	// This process announces itself too, and must not find itself.
	stop, err := discovery.Advertise(ctx, 7415, ws)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	peers, err := discovery.Browse(ctx, ws, 3*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	if len(peers) != 1 || !strings.HasSuffix(peers[0].Addr, ":7414") {
		t.Fatalf("Browse found %+v, want the helper on port 7414", peers)
	}
	// A device of another workspace is not offered.
	if p, err := discovery.Browse(ctx, other, 2*time.Second); err != nil || len(p) != 0 {
		t.Errorf("Browse(another workspace)=%+v, %v; want nothing", p, err)
	}
	// What anyone on the network sees names neither the workspace nor the machine.
	entries := make(chan *mdns.ServiceEntry, 16)
	params := &mdns.QueryParam{Service: discovery.Service, Domain: "local", Timeout: 2 * time.Second, Entries: entries,
		Logger: log.New(io.Discard, "", 0)}
	if err := mdns.QueryContext(ctx, params); err != nil {
		t.Fatal(err)
	}
	close(entries)
	host, _ := os.Hostname()
	n := 0
	for e := range entries {
		n++
		all := strings.Join(append([]string{e.Name, e.Host, e.Info}, e.InfoFields...), " ")
		if strings.Contains(all, string(ws)[:8]) || host != "" && strings.Contains(strings.ToLower(all), strings.ToLower(host)) {
			t.Errorf("the announcement shows the workspace or the host name: %s", all)
		}
		if len(e.InfoFields) != 2 {
			t.Errorf("TXT=%q, want only v and t", e.InfoFields)
		}
	}
	if n == 0 {
		t.Error("a plain mDNS query saw no announcement")
	}
}

func FuzzParseAddress(f *testing.F) {
	for _, s := range []string{"192.168.1.20", "laptop.local:7414", "[fd00::2]:1", "fe80::1%eth0", "[", "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := discovery.ParseAddress(s)
		if err != nil {
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("ParseAddress(%q) err=%v, want EINVALID", s, err)
			}
			return
		}
		// What it returns is an address it reads back unchanged.
		if again, err := discovery.ParseAddress(got); err != nil || again != got {
			t.Fatalf("ParseAddress(%q)=%q, which reads back as %q, %v", s, got, again, err)
		}
	})
}
