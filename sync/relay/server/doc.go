// Package server is the relay: it serves only the workspaces its operator
// admits (an admission secret or an allow-list; none by default),
// authenticates devices against their workspace's signed membership log,
// stores the sealed envelopes they publish in NATS JetStream (one stream
// per workspace), and forwards them to the workspace's other devices from
// any stream position. Every relay process on the same NATS acts as one:
// membership, removals, quotas and rate limits are shared through it. It
// holds no content key and reads only envelope headers.
//
// It must build with CGO_ENABLED=0: never import store/crdt, store/sqlite,
// Wails or anything else that needs cgo. A refused login must leave
// nothing behind, in JetStream or in memory.
package server
