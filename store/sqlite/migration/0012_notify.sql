-- Desktop notifications and focus (#9), all of it this device's own.

-- My notification settings: direct mentions break through, recurring
-- focus blocks (JSON), blocks off until (ms), close keeps running in the tray.
CREATE TABLE notify_settings (
	member_id        TEXT PRIMARY KEY,
	mentions_break   INTEGER NOT NULL DEFAULT 0,
	blocks           TEXT NOT NULL DEFAULT '[]',
	blocks_off_until INTEGER NOT NULL DEFAULT 0,
	keep_in_tray     INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Inbox items the notifier has already considered, so that a restart does
-- not announce them again.
CREATE TABLE notify_seen (
	member_id TEXT NOT NULL,
	item      TEXT NOT NULL,
	seen_at   INTEGER NOT NULL,
	PRIMARY KEY (member_id, item)
) STRICT, WITHOUT ROWID;

-- Notifications held back until working hours start or focus ends.
CREATE TABLE notify_held (
	member_id TEXT NOT NULL,
	item      TEXT NOT NULL,
	kind      TEXT NOT NULL,
	title     TEXT NOT NULL,
	body      TEXT NOT NULL,
	mention   INTEGER NOT NULL DEFAULT 0,
	until     INTEGER NOT NULL,
	digest    INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (member_id, item)
) STRICT, WITHOUT ROWID;
