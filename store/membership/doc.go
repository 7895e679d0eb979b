// Package membership is the signed membership log of a workspace: who
// belongs to it, with which devices and roles, which invitations are open,
// and the current key epoch. Entries are signed by a device key and name
// their parents by hash, forming a DAG; Fold folds a set of entries into
// the same State on every peer and on the relay, whatever order they
// arrived in. A removal is final: what a removed device signed that its
// removal had not seen is void, whatever parents it names, and so is what
// was admitted through it; concurrent revocations are settled by the
// seniority of the members behind them (see Fold).
//
// It verifies signatures but never holds a private key: signing is done
// by whatever implements Signer (sync/crypto's device identity). It
// imports only the standard library and store, and must never import the
// network, sync or Wails.
package membership
