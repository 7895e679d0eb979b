// Package store holds Longhand's domain: the documents a team writes
// (pages now; goals, posts and chats later), their identifiers, the
// services that read and change them, and the one error type every layer
// speaks. It imports only the standard library: SQLite lives in
// store/sqlite and Automerge in store/crdt, behind the interfaces here.
// It must never import the network or Wails.
package store

// DocHead is a document's ID, kind and heads: what devices compare to
// find the documents they need to sync.
type DocHead struct {
	ID    DocID
	Kind  Kind
	Heads string
	Space DocID // for a page: the space it is in, which decides who may see it
}

// DocSnapshot is a whole document as sync carries it: its kind and its
// bytes as Automerge saves them.
type DocSnapshot struct {
	ID       DocID
	Kind     Kind
	Snapshot []byte
	// Set when the sandbox checked the snapshot: its heads, and for a
	// page what its rows hold as the sandbox read them (encoded by the
	// crdt package), so that storing it needs no second load.
	Heads string
	Rows  []byte
}
