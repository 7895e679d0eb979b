// Package replica keeps a device's documents in step with a relay: it
// publishes what changed locally since it last published, as sealed
// envelopes, and applies what other devices published, from the stream
// position it remembers, after checking every byte in the sandbox.
//
// It runs in the app (it uses Automerge through store/crdt) and must never
// be imported by the relay server or cmd/longhand-relay.
package replica
