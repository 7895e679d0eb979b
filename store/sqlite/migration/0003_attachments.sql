-- Images pasted into or imported with pages, content-addressed: a page
-- refers to one as attachment:<hash> in its Markdown, so the same bytes
-- are one row however many pages show them, and peers will later fetch
-- attachments they lack by hash. Rows are never changed, only added.
CREATE TABLE attachments (
	hash       TEXT PRIMARY KEY,  -- SHA-256 of data, 64 lowercase hex digits
	mime       TEXT NOT NULL,     -- sniffed from the bytes: image/png, image/jpeg, image/gif, image/webp
	size       INTEGER NOT NULL,  -- bytes
	data       BLOB NOT NULL,
	sum        INTEGER NOT NULL,  -- CRC-32C of data
	name       TEXT NOT NULL,     -- the file name it first arrived with, for exports
	created_at INTEGER NOT NULL   -- Unix ms
) STRICT, WITHOUT ROWID;
