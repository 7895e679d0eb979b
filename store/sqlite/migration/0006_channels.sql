-- Channels, materialized from the workspace document: what they are and
-- who joined or left them. A default channel has everyone in it who has
-- not left; a project channel has those who joined.
CREATE TABLE channels (
	id          TEXT PRIMARY KEY,
	name        TEXT NOT NULL,
	description TEXT NOT NULL,
	icon        TEXT NOT NULL,
	is_default  INTEGER NOT NULL,
	admins_only INTEGER NOT NULL, -- only admins start posts (Announcements)
	archived    INTEGER NOT NULL,
	created_by  TEXT NOT NULL,
	created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE channel_members (
	channel_id TEXT NOT NULL REFERENCES channels (id) ON DELETE CASCADE,
	member_id  TEXT NOT NULL,
	joined     INTEGER NOT NULL, -- 1 joined, 0 left
	PRIMARY KEY (channel_id, member_id)
) STRICT, WITHOUT ROWID;

-- Who may post in admin-only channels, from the workspace document.
CREATE TABLE admins (
	member_id TEXT PRIMARY KEY
) STRICT, WITHOUT ROWID;

-- This device's own view of a channel, never synced: muted, and when it
-- was last opened (for unread dots).
CREATE TABLE channel_local (
	channel_id TEXT PRIMARY KEY,
	muted      INTEGER NOT NULL DEFAULT 0,
	last_seen  INTEGER NOT NULL DEFAULT 0 -- Unix ms
) STRICT;

-- Posts, one document each, materialized for the feed: a channel opens
-- without loading Automerge.
CREATE TABLE posts (
	n             INTEGER PRIMARY KEY, -- stable rowid; search uses 3e12 + n
	id            TEXT NOT NULL UNIQUE REFERENCES docs (id) ON DELETE CASCADE,
	channel_id    TEXT NOT NULL,
	title         TEXT NOT NULL,
	body          TEXT NOT NULL,
	author        TEXT NOT NULL,
	created_at    INTEGER NOT NULL,
	edited_at     INTEGER NOT NULL,
	deleted_at    INTEGER NOT NULL,   -- a tombstone; its replies stay
	pinned        INTEGER NOT NULL,
	reply_count   INTEGER NOT NULL,   -- live replies
	last_activity INTEGER NOT NULL,   -- the newest of the post and its live replies
	last_actor    TEXT NOT NULL,      -- who did that
	reactions     TEXT NOT NULL,      -- JSON [{emoji, members}]
	mentions      TEXT NOT NULL,      -- member IDs, comma-separated
	ack_requested INTEGER NOT NULL,
	acks          TEXT NOT NULL,      -- member IDs who acknowledged, comma-separated
	promoted_to   TEXT NOT NULL,
	promoted_name TEXT NOT NULL,
	email_from    TEXT NOT NULL,
	email_subject TEXT NOT NULL
) STRICT;

CREATE INDEX posts_by_channel ON posts (channel_id, pinned DESC, last_activity DESC);

CREATE TABLE post_replies (
	n          INTEGER PRIMARY KEY, -- stable rowid; search uses 3.5e12 + n
	id         TEXT NOT NULL,
	post_id    TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	author     TEXT NOT NULL,
	body       TEXT NOT NULL,
	mentions   TEXT NOT NULL, -- member IDs, comma-separated (for the inbox)
	created_at INTEGER NOT NULL,
	deleted    INTEGER NOT NULL,
	UNIQUE (post_id, id)
) STRICT;

CREATE INDEX post_replies_by_post ON post_replies (post_id, created_at);

-- The original bytes of emails attached to posts, as they came.
CREATE TABLE post_emails (
	id         TEXT PRIMARY KEY,
	post_id    TEXT NOT NULL,
	name       TEXT NOT NULL,
	bytes      BLOB NOT NULL,
	sum        INTEGER NOT NULL, -- CRC-32C of bytes
	created_at INTEGER NOT NULL
) STRICT;

-- Search: live posts and live replies, kind 'post', under the post's ID.
-- Replies have no title of their own.
CREATE TRIGGER posts_search_insert AFTER INSERT ON posts WHEN new.deleted_at = 0 BEGIN
	INSERT INTO search (rowid, title, body, kind, doc_id) VALUES (3000000000000 + new.n, new.title, new.body, 'post', new.id);
END;

CREATE TRIGGER posts_search_update AFTER UPDATE OF title, body, deleted_at ON posts BEGIN
	DELETE FROM search WHERE rowid = 3000000000000 + old.n;
	INSERT INTO search (rowid, title, body, kind, doc_id)
		SELECT 3000000000000 + new.n, new.title, new.body, 'post', new.id WHERE new.deleted_at = 0;
END;

CREATE TRIGGER posts_search_delete AFTER DELETE ON posts BEGIN
	DELETE FROM search WHERE rowid = 3000000000000 + old.n;
END;

CREATE TRIGGER post_replies_search_insert AFTER INSERT ON post_replies WHEN new.deleted = 0 BEGIN
	INSERT INTO search (rowid, title, body, kind, doc_id) VALUES (3500000000000 + new.n, '', new.body, 'post', new.post_id);
END;

CREATE TRIGGER post_replies_search_update AFTER UPDATE OF body, deleted ON post_replies BEGIN
	DELETE FROM search WHERE rowid = 3500000000000 + old.n;
	INSERT INTO search (rowid, title, body, kind, doc_id)
		SELECT 3500000000000 + new.n, '', new.body, 'post', new.post_id WHERE new.deleted = 0;
END;

CREATE TRIGGER post_replies_search_delete AFTER DELETE ON post_replies BEGIN
	DELETE FROM search WHERE rowid = 3500000000000 + old.n;
END;
