-- Files put on a relay (#19): per relay, the blobs whose manifest and
-- chunks this device put there, and under which epoch key. A pass asks
-- the relay about the others only, so a workspace of many files costs one
-- question per new file, not per file; a new key (after a rotation)
-- renames every object, so a blob is offered again under it for the
-- devices that hold only the new key.
CREATE TABLE relay_blobs (
	url    TEXT NOT NULL REFERENCES relays (url) ON DELETE CASCADE,
	blob   TEXT NOT NULL REFERENCES blobs (hash) ON DELETE CASCADE,
	key_id BLOB NOT NULL,
	PRIMARY KEY (url, blob, key_id)
) STRICT, WITHOUT ROWID;
