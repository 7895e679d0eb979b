// Package presence says who else has a page open: a device tells the
// devices it meets (on the LAN, and through a relay sealed under the epoch
// key) which pages it shows, again every Refresh while it shows them, and
// each device keeps what it heard for TTL. It is ephemeral by design: what
// it holds is never written to a document, the sync log or a relay's
// stream, and is gone when the process ends.
//
// Nothing a peer sends is believed as it comes: a message is a few bytes
// read strictly, taken only from a current member's device, at a bounded
// rate, and a guest's only for pages in the guest's spaces. This package
// must never import the store's SQLite or Automerge parts, or Wails: the
// relay server, built without cgo, reads its limits.
package presence
