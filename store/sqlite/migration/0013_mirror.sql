-- The Markdown folder mirror (#10): one folder per workspace, and per page
-- the file that mirrors it and what was last written to or read from it,
-- so that an edit made in the file can be told from one made in Longhand
-- and diffed against the text both sides last agreed on.
CREATE TABLE mirror_settings (
	id     INTEGER PRIMARY KEY CHECK (id = 1),
	folder TEXT NOT NULL DEFAULT '', -- absolute; '' when the mirror is off
	owner  TEXT NOT NULL DEFAULT ''  -- this database's mark in the folders it mirrors
) STRICT;

CREATE TABLE mirror_files (
	page_id TEXT PRIMARY KEY,
	path    TEXT NOT NULL,           -- slash path relative to the folder
	place   TEXT NOT NULL DEFAULT '', -- where Longhand last put it; a file moved by hand stays where it was moved
	title   TEXT NOT NULL DEFAULT '', -- the title last written
	body    TEXT NOT NULL DEFAULT '', -- the body both sides last agreed on
	hash    TEXT NOT NULL DEFAULT ''  -- SHA-256 of the file's bytes when last written or read
) STRICT, WITHOUT ROWID;
