-- Attachments of any kind and size (#19): a file is a blob, addressed by
-- the SHA-256 of its bytes as before (Markdown says attachment:<hash>),
-- stored as fixed 1 MiB chunks, each addressed by its own SHA-256. A peer
-- that lacks a blob asks for its manifest (the list of its chunks), then
-- for the chunks it does not hold yet, so a transfer cut short resumes
-- where it stopped, and a chunk two blobs share is stored and sent once.
-- The images of the old attachments table move here when the database
-- opens (Go computes the hashes SQLite cannot).

CREATE TABLE chunks (
    id   INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,  -- SHA-256 of data, 64 lowercase hex digits
    data BLOB NOT NULL,         -- at most 1 MiB
    sum  INTEGER NOT NULL,      -- CRC-32C of data, checked on every read
    at   INTEGER NOT NULL       -- Unix ms it was stored: collection spares a chunk whose file is still being stored
) STRICT;

CREATE TABLE blobs (
    hash       TEXT PRIMARY KEY,            -- SHA-256 of the whole file
    size       INTEGER NOT NULL,
    mime       TEXT NOT NULL,               -- sniffed from the bytes; only images are ever shown in the window
    name       TEXT NOT NULL,               -- the file name it first came with
    parts      INTEGER NOT NULL,            -- how many chunks it is made of
    complete   INTEGER NOT NULL DEFAULT 0,  -- 1 once every chunk is here and the whole matched its hash
    fetched    INTEGER NOT NULL DEFAULT 0,  -- 1 when it came from a peer, which holds it too: the cache may let it go
    evicted    INTEGER NOT NULL DEFAULT 0,  -- 1 when the cache let its chunks go; fetched again only when opened
    created_at INTEGER NOT NULL,            -- Unix ms
    used_at    INTEGER NOT NULL,            -- Unix ms, last shown or opened: the cache evicts the longest unused
    orphan_at  INTEGER NOT NULL DEFAULT 0   -- Unix ms since no document here names it; 0 while one does
) STRICT, WITHOUT ROWID;

CREATE TABLE blob_parts (
    blob  TEXT NOT NULL REFERENCES blobs (hash) ON DELETE CASCADE,
    idx   INTEGER NOT NULL,
    chunk TEXT NOT NULL,  -- a chunks.hash, which may not be here yet
    PRIMARY KEY (blob, idx)
) STRICT, WITHOUT ROWID;
CREATE INDEX blob_parts_chunk ON blob_parts (chunk);

-- Which documents name which blobs, kept with the documents' rows as links
-- are: what a device should fetch, what a guest may fetch, and what
-- garbage collection must keep.
CREATE TABLE blob_refs (
    doc_id TEXT NOT NULL,
    blob   TEXT NOT NULL,
    PRIMARY KEY (doc_id, blob)
) STRICT, WITHOUT ROWID;
CREATE INDEX blob_refs_blob ON blob_refs (blob);
