-- Chats: conversations of two or three people, their messages kept in one
-- document per month. Rows are materialized from the documents so that a
-- chat opens without loading Automerge.
ALTER TABLE members ADD COLUMN share_seen INTEGER NOT NULL DEFAULT 0;
-- When a person's focus session ends (Unix ms); 0 when not focusing.
ALTER TABLE members ADD COLUMN focus_until INTEGER NOT NULL DEFAULT 0;

CREATE TABLE conversations (
	id         TEXT PRIMARY KEY REFERENCES docs (id) ON DELETE CASCADE,
	members    TEXT NOT NULL, -- member IDs, sorted, comma-separated: finds a chat by its people
	created_at INTEGER NOT NULL,
	last_at    INTEGER NOT NULL -- the newest message's time
) STRICT;

CREATE INDEX conversations_by_members ON conversations (members);

CREATE TABLE conversation_members (
	conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
	member_id       TEXT NOT NULL,
	seen_at         INTEGER NOT NULL DEFAULT 0, -- how far they said they read (Unix ms)
	PRIMARY KEY (conversation_id, member_id)
) STRICT, WITHOUT ROWID;

-- The monthly pieces of each conversation.
CREATE TABLE chat_chunks (
	id              TEXT PRIMARY KEY REFERENCES docs (id) ON DELETE CASCADE,
	conversation_id TEXT NOT NULL,
	month           TEXT NOT NULL
) STRICT;

CREATE INDEX chat_chunks_by_month ON chat_chunks (conversation_id, month);

CREATE TABLE chat_messages (
	n               INTEGER PRIMARY KEY, -- shared with search, offset into the chat range
	id              TEXT NOT NULL UNIQUE,
	conversation_id TEXT NOT NULL,
	chunk_id        TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	author          TEXT NOT NULL,
	body            TEXT NOT NULL,
	at              INTEGER NOT NULL,
	edited_at       INTEGER NOT NULL,
	deleted         INTEGER NOT NULL
) STRICT;

CREATE INDEX chat_messages_by_time ON chat_messages (conversation_id, at);

-- Each person's reading position per conversation on this device, for
-- unread counts. Not synced: what I have read is mine; what I share is
-- "seen" above.
CREATE TABLE chat_read (
	member_id       TEXT NOT NULL,
	conversation_id TEXT NOT NULL,
	read_at         INTEGER NOT NULL,
	PRIMARY KEY (member_id, conversation_id)
) STRICT, WITHOUT ROWID;

-- Chat messages are searched like pages, under rowids 4e15 + n. Deleted
-- messages drop out.
CREATE TRIGGER chat_search_insert AFTER INSERT ON chat_messages WHEN new.deleted = 0 BEGIN
	INSERT INTO search (rowid, title, body, kind, doc_id) VALUES (4000000000000000 + new.n, '', new.body, 'chat', new.conversation_id);
END;

CREATE TRIGGER chat_search_update AFTER UPDATE OF body, deleted ON chat_messages BEGIN
	DELETE FROM search WHERE rowid = 4000000000000000 + old.n;
	INSERT INTO search (rowid, title, body, kind, doc_id)
		SELECT 4000000000000000 + new.n, '', new.body, 'chat', new.conversation_id WHERE new.deleted = 0;
END;

CREATE TRIGGER chat_search_delete AFTER DELETE ON chat_messages BEGIN
	DELETE FROM search WHERE rowid = 4000000000000000 + old.n;
END;

-- Messages and posts scheduled to go out later. Local until they are sent:
-- nobody sees a scheduled message before its time.
CREATE TABLE outbox (
	id         TEXT PRIMARY KEY,
	kind       TEXT NOT NULL,    -- chat or post
	author     TEXT NOT NULL,    -- who wrote it; only they see it and it goes out as theirs
	target     TEXT NOT NULL,    -- the conversation, or the channel
	title      TEXT NOT NULL DEFAULT '', -- a post's title
	body       TEXT NOT NULL,
	send_at    INTEGER NOT NULL, -- Unix ms
	created_at INTEGER NOT NULL,
	error      TEXT NOT NULL DEFAULT '' -- why the last attempt failed
) STRICT;

CREATE INDEX outbox_by_time ON outbox (send_at);
