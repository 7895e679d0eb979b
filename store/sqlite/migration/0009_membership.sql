-- The signed membership log (store/membership): every entry believed,
-- as received, with its CRC-32C so damage on disk is noticed before the
-- bytes are decoded. seq is the order of arrival, for sending the log on.
CREATE TABLE membership_entries (
	hash        BLOB NOT NULL PRIMARY KEY, -- SHA-256 of body
	seq         INTEGER NOT NULL UNIQUE,
	body        BLOB NOT NULL,
	sum         INTEGER NOT NULL,          -- CRC-32C of body
	received_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Entries that failed verification: malformed, forged, unauthorized, or
-- following entries this device does not have. Never applied; kept, with
-- the reason, so that a person can see what was refused and why, and so
-- that an entry whose parents arrive later can be tried again.
CREATE TABLE membership_quarantine (
	hash        BLOB NOT NULL PRIMARY KEY,
	body        BLOB NOT NULL,
	reason      TEXT NOT NULL,
	received_at INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
