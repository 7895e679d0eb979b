-- Relays this device syncs the workspace through (sync/relay/replica):
-- the address a person added, the last stream position applied (so a
-- reconnect catches up from there), and what the last attempt said.
CREATE TABLE relays (
	url         TEXT NOT NULL PRIMARY KEY,
	workspace   TEXT NOT NULL,
	position    INTEGER NOT NULL DEFAULT 0,
	incarnation INTEGER NOT NULL DEFAULT 0, -- the relay stream's; another one means it lost its store
	added_at    INTEGER NOT NULL,
	last_ok_at  INTEGER NOT NULL DEFAULT 0, -- Unix ms of the last time it answered
	last_error  TEXT NOT NULL DEFAULT ''
) STRICT;

-- Per relay and document, the heads last published: what changed since
-- is what an offline edit left to send.
CREATE TABLE relay_published (
	url     TEXT NOT NULL REFERENCES relays (url) ON DELETE CASCADE,
	doc_id  TEXT NOT NULL,
	heads   TEXT NOT NULL,
	PRIMARY KEY (url, doc_id)
) STRICT, WITHOUT ROWID;

-- Epoch keys this device made (an admin's first key, or a rotation's),
-- each kept as a grant sealed to this device's own key, so that a key the
-- membership log names survives a restart before any relay has it.
CREATE TABLE relay_keys (
	key_id     BLOB NOT NULL PRIMARY KEY,
	grant      BLOB NOT NULL,
	created_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
