// Package sqlite keeps Longhand's documents in one SQLite file in WAL mode:
// per document a snapshot, the change log since it, and materialized rows
// that lists, search and the first paint read without loading Automerge.
//
// The edit path: an editor's splices are transformed over any edits it had
// not seen (textop), applied to the page's in-memory document, and written
// to the journal; the call returns once the journal row has committed.
// One writer goroutine runs every write in order and groups the writes that
// queue up during a commit into one transaction. After a short idle, or
// many edits, a page's journaled edits become one Automerge change, and the
// change, the emptied journal and the refreshed row commit together.
// Compaction folds the change log into a new snapshot in the background.
// A page opens for editing from its row at once; its document loads in the
// background and takes the edits made meanwhile when it arrives. At open,
// journals left by a crash are replayed. Journaled edits are never dropped:
// if they do not fit the page's document, the page is marked damaged and
// they stay in the journal.
//
// Stored bytes carry CRC-32C checksums. Bytes that fail them are never
// loaded in this process: the sandbox checks them, and a document that
// cannot be saved is marked damaged, its bytes kept in the quarantine
// table, its last row still readable. Files that are not SQLite, and
// databases made by a newer Longhand, are refused without a byte written.
// The package never touches the network.
package sqlite
