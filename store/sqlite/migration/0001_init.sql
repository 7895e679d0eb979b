-- Every shared document: its latest snapshot and heads. The changes made
-- since the snapshot are in changes; the rows that lists and search read
-- are materialized per kind below, so that nothing has to load Automerge
-- to show them. Stored bytes carry a CRC-32C; bytes that fail it are
-- untrusted, like bytes from a peer.
CREATE TABLE docs (
	id         TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,
	snapshot   BLOB NOT NULL,
	sum        INTEGER NOT NULL,           -- CRC-32C of snapshot
	heads      TEXT NOT NULL,
	created_at INTEGER NOT NULL,           -- Unix ms
	updated_at INTEGER NOT NULL,
	damaged    TEXT NOT NULL DEFAULT ''    -- why the document cannot be loaded; '' when healthy
) STRICT;

CREATE TABLE changes (
	doc_id TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	seq    INTEGER NOT NULL,
	bytes  BLOB NOT NULL,
	sum    INTEGER NOT NULL,
	PRIMARY KEY (doc_id, seq)
) STRICT, WITHOUT ROWID;

-- Text edits that are durable but not yet folded into an Automerge change:
-- every keystroke lands here first, and a short idle later the edits of a
-- page become one change and leave. After a crash they are replayed.
CREATE TABLE journal (
	seq     INTEGER PRIMARY KEY,
	doc_id  TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	splices BLOB NOT NULL -- JSON array of {pos, del, ins}, in code points
) STRICT;
-- No index by doc_id: the journal holds only a few seconds of edits, and
-- an index would cost every keystroke another page write.

-- Bytes that failed to load, kept so nothing is lost and someone can look.
CREATE TABLE quarantine (
	n        INTEGER PRIMARY KEY,
	doc_id   TEXT NOT NULL,
	source   TEXT NOT NULL, -- snapshot, change, journal, peer, import
	reason   TEXT NOT NULL,
	bytes    BLOB NOT NULL,
	found_at INTEGER NOT NULL
) STRICT;

CREATE TABLE pages (
	n           INTEGER PRIMARY KEY, -- stable rowid, shared with search
	id          TEXT NOT NULL UNIQUE REFERENCES docs (id) ON DELETE CASCADE,
	title       TEXT NOT NULL,
	body        TEXT NOT NULL,
	space_id    TEXT NOT NULL,           -- the space of the top of its tree
	parent_id   TEXT NOT NULL,           -- '' at the top of its space
	position    TEXT NOT NULL,           -- order among siblings
	is_template INTEGER NOT NULL DEFAULT 0,
	author      TEXT NOT NULL,
	created_at  INTEGER NOT NULL,
	updated_at  INTEGER NOT NULL,
	deleted_at  INTEGER NOT NULL DEFAULT 0 -- Unix ms; 0 while live
) STRICT;

CREATE INDEX pages_by_update ON pages (deleted_at, updated_at DESC);
CREATE INDEX pages_by_place ON pages (space_id, parent_id, position);

-- [[Page title]] links, from the pages that hold them to the titles they
-- name (lowercased, spaces collapsed), for backlinks. Refreshed with the row.
CREATE TABLE links (
	from_id TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	target  TEXT NOT NULL,
	PRIMARY KEY (from_id, target)
) STRICT, WITHOUT ROWID;

CREATE INDEX links_by_target ON links (target);
CREATE INDEX pages_by_title ON pages (lower(title));

-- Comment threads and their replies, materialized from page documents.
-- start_pos and end_pos are where the anchor is in the page's current
-- text (code points): tracked through every edit, found again by quote
-- when lost. A thread whose text was deleted is detached, never dropped.
CREATE TABLE threads (
	id          TEXT PRIMARY KEY,
	page_id     TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	start_pos   INTEGER NOT NULL,
	end_pos     INTEGER NOT NULL,
	detached    INTEGER NOT NULL,
	quote       TEXT NOT NULL,
	resolved    INTEGER NOT NULL,
	resolved_by TEXT NOT NULL,
	resolved_at INTEGER NOT NULL,
	author      TEXT NOT NULL,
	created_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX threads_by_page ON threads (page_id);

CREATE TABLE replies (
	id         TEXT PRIMARY KEY,
	thread_id  TEXT NOT NULL REFERENCES threads (id) ON DELETE CASCADE,
	author     TEXT NOT NULL,
	body       TEXT NOT NULL,
	mentions   TEXT NOT NULL, -- member IDs, comma-separated
	created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX replies_by_thread ON replies (thread_id, created_at);

-- The spaces of the workspace, materialized from the workspace document.
CREATE TABLE spaces (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	icon        TEXT NOT NULL,
	home_id     TEXT NOT NULL,
	created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE workspace (
	id         TEXT PRIMARY KEY REFERENCES docs (id) ON DELETE CASCADE,
	name       TEXT NOT NULL,
	created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
	id        TEXT PRIMARY KEY REFERENCES docs (id) ON DELETE CASCADE,
	name      TEXT NOT NULL,
	time_zone TEXT NOT NULL
) STRICT;

-- This device's own settings, never synced. "me" is the member ID of the
-- person using it.
CREATE TABLE local (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) STRICT;

-- Full-text search over every kind that has text. Live pages are indexed
-- by the triggers below under their row number; trashed pages drop out.
-- Later kinds take rowids from their own ranges.
CREATE VIRTUAL TABLE search USING fts5 (
	title,
	body,
	kind UNINDEXED,
	doc_id UNINDEXED,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '2 3 4' -- the last word of a query matches as a prefix while typing
);

CREATE TRIGGER pages_search_insert AFTER INSERT ON pages WHEN new.deleted_at = 0 AND new.is_template = 0 BEGIN
	INSERT INTO search (rowid, title, body, kind, doc_id) VALUES (new.n, new.title, new.body, 'page', new.id);
END;

CREATE TRIGGER pages_search_update AFTER UPDATE OF title, body, deleted_at ON pages BEGIN
	DELETE FROM search WHERE rowid = old.n;
	INSERT INTO search (rowid, title, body, kind, doc_id)
		SELECT new.n, new.title, new.body, 'page', new.id WHERE new.deleted_at = 0 AND new.is_template = 0;
END;

CREATE TRIGGER pages_search_delete AFTER DELETE ON pages BEGIN
	DELETE FROM search WHERE rowid = old.n;
END;
