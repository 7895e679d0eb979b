// Package server is the relay: it authenticates devices against their
// workspace's signed membership log, stores the sealed envelopes they
// publish in NATS JetStream (one stream per workspace), and forwards them
// to the workspace's other devices from any stream position. It holds no
// content key and reads only envelope headers.
//
// It must build with CGO_ENABLED=0: never import store/crdt, store/sqlite,
// Wails or anything else that needs cgo.
package server
