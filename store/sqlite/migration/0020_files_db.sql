-- The chunks of attached files move to a database of their own, attached
-- to every connection as "files" (see attachFiles), whose 64 KiB pages
-- store a 1 MiB chunk about 2.5 times as fast as the main database's 4 KiB
-- ones. Statements name the table alone and find it there once the main
-- database has none. Written so that it can run again: a crash between
-- the two databases' commits leaves the copy made and the old table in
-- place, and the next open copies what is missing and drops it.
CREATE TABLE IF NOT EXISTS files.chunks (
    id   INTEGER PRIMARY KEY,
    hash TEXT NOT NULL UNIQUE,  -- SHA-256 of data, 64 lowercase hex digits
    data BLOB NOT NULL,         -- at most 1 MiB
    sum  INTEGER NOT NULL,      -- CRC-32C of data, checked on every read
    at   INTEGER NOT NULL       -- Unix ms it was stored: collection spares a chunk whose file is still being stored
) STRICT;

INSERT OR IGNORE INTO files.chunks (hash, data, sum, at) SELECT hash, data, sum, at FROM main.chunks;

DROP TABLE main.chunks;
