// Package transport carries sync between two devices of a workspace: TCP
// with TLS 1.3, each side presenting a self-signed certificate of its
// device's Ed25519 key. Trust comes from the membership log alone, never
// from certificate authorities: a Pinner decides from the current
// membership whether a key is a live member's device, and a device that
// is unknown or removed is refused before any application byte moves,
// with a sentence it can show its user. The same listener serves LAN
// joins on their own ALPN: one request, one answer (the signed log or the
// refusal), nothing else. Limits on connections, handshake time, idle
// time and the rate of what a peer sends each end a connection with a
// clear error while the listener keeps serving everyone else.
//
// It never imports Wails and never reads or writes documents: what flows
// over a Conn is the engine's business.
package transport
