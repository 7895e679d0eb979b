// Package sqlite keeps Longhand's documents in one SQLite file in WAL mode:
// per document a snapshot, the change log since it, and materialized rows
// that lists, search and the first paint read without loading Automerge.
// Its schema is a sequence of embedded migrations. It refuses, without
// writing a byte, files that are not SQLite and databases made by a newer
// Longhand. It never touches the network.
package sqlite
