// Package engine syncs a device's documents with a peer's. It first finds
// which documents differ (reconcile.go), so that equal workspaces cost one
// small round trip; then (in a later step) runs the Automerge sync protocol
// on those documents only. It talks through any io.ReadWriter, so two
// engines can be tested over net.Pipe before any socket. It never imports
// Wails, and every byte it reads is from outside.
package engine
