// Package store holds Longhand's domain: the documents a team writes
// (pages now; goals, posts and chats later), their identifiers, the
// services that read and change them, and the one error type every layer
// speaks. It imports only the standard library: SQLite lives in
// store/sqlite and Automerge in store/crdt, behind the interfaces here.
// It must never import the network or Wails.
package store
