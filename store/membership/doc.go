// Package membership is the signed membership log of a workspace: who
// belongs to it, with which devices and roles, which invitations are open,
// and the current key epoch. Entries are signed by a device key and name
// their parents by hash, forming a DAG; State folds a set of entries into
// the same result on every peer, whatever order they arrived in.
//
// It verifies signatures but never holds a private key: signing is done
// by whatever implements Signer (sync/crypto's device identity). It
// imports only the standard library and store, and must never import the
// network, sync or Wails.
package membership
