package transport

import (
	"crypto/ed25519"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"net"
	"testing"
	"time"
)

func TestCertKey(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	_, otherPriv, _ := ed25519.GenerateKey(rand.Reader)
	good, err := Certificate(priv)
	if err != nil {
		t.Fatal(err)
	}
	if k, err := certKey(good.Certificate); err != nil || !k.Equal(pub) {
		t.Fatalf("certKey(own certificate)=%x, %v", k, err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "x"},
		NotBefore: time.Now(), NotAfter: time.Now().Add(time.Hour)}
	signedByOther, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, pub, otherPriv)
	if err != nil {
		t.Fatal(err)
	}
	otherCert, _ := Certificate(otherPriv)
	tests := []struct {
		name  string
		chain [][]byte
	}{
		{"no certificate", nil},
		{"two certificates", [][]byte{good.Certificate[0], otherCert.Certificate[0]}},
		{"not DER", [][]byte{[]byte("hello")}},
		{"key signed by another key", [][]byte{signedByOther}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if k, err := certKey(tt.chain); err == nil {
				t.Errorf("certKey accepted key %x", k)
			}
		})
	}
}

func FuzzFrameCounter(f *testing.F) {
	f.Add([]byte{4, 0, 1, 3, 'a', 'b', 'c'})
	f.Add([]byte{3, 0x80, 0x80, 0x80, 0x80, 0x04})
	f.Fuzz(func(t *testing.T, b []byte) {
		// Fed in any pieces, the counter sees the same frames.
		var whole, split frameCounter
		n1, err1 := whole.feed(b)
		var n2 int
		var err2 error
		for i := 0; i < len(b) && err2 == nil; i += 3 {
			var k int
			k, err2 = split.feed(b[i:min(i+3, len(b))])
			n2 += k
		}
		if n1 != n2 || (err1 == nil) != (err2 == nil) {
			t.Fatalf("whole: %d frames, %v; in pieces: %d, %v", n1, err1, n2, err2)
		}
	})
}

func TestHostOfGroupsIPv6ByNetwork(t *testing.T) {
	for _, tt := range []struct{ addr, want string }{
		{"192.168.1.20:7414", "192.168.1.20"},
		{"[fd00::1:2:3:4]:7414", "fd00::/64"},
		{"[fd00::9]:1", "fd00::/64"},
		{"[fd00:0:0:1::9]:1", "fd00:0:0:1::/64"},
	} {
		a, err := net.ResolveTCPAddr("tcp", tt.addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := hostOf(a); got != tt.want {
			t.Errorf("hostOf(%s)=%q, want %q", tt.addr, got, tt.want)
		}
	}
}
