package relay_test

import (
	"testing"

	"github.com/longhand/longhand/sync/relay"
)

// The admission secret in a relay's address is taken out of the URL the
// client dials (it goes in a header) and the rest of the address is kept.
func TestSplitAdmission(t *testing.T) {
	tests := []struct {
		name, addr, dial, secret string
	}{
		{"plain", "wss://relay.example.com/v1", "wss://relay.example.com/v1", ""},
		{"secret", "wss://relay.example.com/v1?admit=0123456789abcdef", "wss://relay.example.com/v1", "0123456789abcdef"},
		{"escaped", "wss://relay.example.com/v1?admit=a%2Bb%20c", "wss://relay.example.com/v1", "a+b c"},
		{"other parameters stay", "wss://relay.example.com:8443/v1?x=1&admit=s", "wss://relay.example.com:8443/v1?x=1", "s"},
		{"empty secret", "wss://relay.example.com/v1?admit=", "wss://relay.example.com/v1", ""},
		{"unreadable", "wss://relay example.com/%zz", "wss://relay example.com/%zz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dial, secret := relay.SplitAdmission(tt.addr)
			if dial != tt.dial || secret != tt.secret {
				t.Errorf("SplitAdmission(%q) = %q, %q; want %q, %q", tt.addr, dial, secret, tt.dial, tt.secret)
			}
		})
	}
}
