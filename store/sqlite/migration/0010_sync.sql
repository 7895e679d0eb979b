-- What each peer device confirmed at the end of the last session with it:
-- the heads of each document both sides held. A document's status with a
-- peer is worked out from these, never guessed: in sync when its heads are
-- still the confirmed ones, not yet sent when they moved on since.
CREATE TABLE sync_peers (
	device     TEXT PRIMARY KEY,       -- hex device ID
	member_id  TEXT NOT NULL,
	address    TEXT NOT NULL,          -- where it was last reached, or reached us from
	last_sync  INTEGER NOT NULL,       -- Unix ms of the last session that completed
	last_error TEXT NOT NULL DEFAULT '',
	error_at   INTEGER NOT NULL DEFAULT 0,
	behind     INTEGER NOT NULL DEFAULT 0 -- documents the peer had changed that the last session, cut short, did not bring
) STRICT;

CREATE TABLE sync_confirmed (
	device TEXT NOT NULL REFERENCES sync_peers (device) ON DELETE CASCADE,
	doc_id TEXT NOT NULL,
	heads  TEXT NOT NULL,
	PRIMARY KEY (device, doc_id)
) STRICT, WITHOUT ROWID;

-- Addresses a person typed in, to try besides the ones found on the LAN.
CREATE TABLE sync_addresses (
	address  TEXT PRIMARY KEY,
	added_at INTEGER NOT NULL
) STRICT;
