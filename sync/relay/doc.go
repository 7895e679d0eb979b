// Package relay is the protocol between Longhand devices and a relay, and
// the device's side of it: frames carried in WebSocket messages over TLS,
// the authentication of a device by a signature over the relay's challenge,
// and a client connection that publishes sealed envelopes and receives
// them from a stream position.
//
// The relay server lives in sync/relay/server and the app's replication
// in sync/relay/replica. This package is pure Go (the relay binary builds
// with CGO_ENABLED=0 on it): it must never import Automerge, SQLite or
// Wails, and it never sees an envelope's plaintext.
package relay
