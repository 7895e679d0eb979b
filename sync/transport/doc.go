// Package transport carries sync between two devices of a workspace: TCP
// with TLS 1.3, each side presenting a self-signed certificate of its
// device's Ed25519 key. Trust comes from the membership log alone, never
// from certificate authorities: a Pinner decides from the current
// membership whether a key is a live member's device.
//
// The dialer checks the listener inside the TLS handshake and aborts it
// when the listener is not a member. The listener checks the dialer right
// after the handshake and answers with one frame, Admitted or Refused
// (with the sentence the refused device shows its user: not a member, or
// removed on which day); the dialer sends nothing before that answer, so
// no application byte moves between a member and a stranger either way.
//
// The same listener serves LAN joins on their own ALPN: one request, one
// answer (the signed log or the refusal), nothing else. Limits on
// connections (overall and per address), handshake time, idle time, frame
// size and the rate of what a peer sends keep one device from starving
// the others: bytes over the rate are slowed down, everything else ends
// the one connection with a clear error while the listener serves on.
//
// It never imports Wails and never reads or writes documents: what flows
// over a Conn is the engine's business.
package transport
