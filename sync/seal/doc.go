// Package seal is the envelope cryptography of the relay: epoch keys and
// their wrapping for each member device, sealed envelopes (XChaCha20-
// Poly1305 under the epoch key, signed by the sending device, with the
// document ID blinded and the size padded), and join requests sealed to
// the workspace's member devices.
//
// It is pure Go and imports only the standard library, golang.org/x/crypto,
// filippo.io/edwards25519 and store: the relay server uses it to read the
// clear header of an envelope and never holds a key that opens one. It must
// never import Automerge, SQLite, the network or Wails.
package seal
