// Package wire is how Longhand devices talk: length-prefixed frames, each
// a type byte and a payload, and the messages carried in them. Peers on the
// LAN and the relay use the same framing. Every decoder here reads bytes
// from outside: it checks every length against what is left and against
// hard limits before it allocates, and fails with an error, never a panic.
package wire
