-- People's profiles: role, team, manager and working hours, materialized
-- from member documents for the directory, reviewers and mentions.
ALTER TABLE members ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN team TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN manager_id TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN work_start TEXT NOT NULL DEFAULT '09:00';
ALTER TABLE members ADD COLUMN work_end TEXT NOT NULL DEFAULT '17:00';
ALTER TABLE members ADD COLUMN created_at INTEGER NOT NULL DEFAULT 0;

-- A page's review, materialized from its document with the rest of its
-- row: what it is (page_kind), where it is (status), who answers for it
-- (owner) and when it should be looked at again (review_by, a date).
ALTER TABLE pages ADD COLUMN page_kind TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';
ALTER TABLE pages ADD COLUMN owner TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN review_by TEXT NOT NULL DEFAULT '';
ALTER TABLE pages ADD COLUMN pre_read TEXT NOT NULL DEFAULT ''; -- a meeting page's pre-read page
ALTER TABLE pages ADD COLUMN ready INTEGER NOT NULL DEFAULT 0;  -- a meeting page is ready to be held
ALTER TABLE pages ADD COLUMN decided_at INTEGER NOT NULL DEFAULT 0;
ALTER TABLE pages ADD COLUMN decided_by TEXT NOT NULL DEFAULT '';

CREATE INDEX pages_by_owner ON pages (owner, status);

CREATE TABLE reviewers (
	page_id      TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	member_id    TEXT NOT NULL,
	state        TEXT NOT NULL, -- unread, read, commented, approved
	due_date     TEXT NOT NULL, -- the day asked for, in the reviewer's calendar
	due_at       INTEGER NOT NULL, -- Unix ms: that day's end of working hours in their zone
	requested_by TEXT NOT NULL,
	requested_at INTEGER NOT NULL,
	updated_at   INTEGER NOT NULL,
	PRIMARY KEY (page_id, member_id)
) STRICT, WITHOUT ROWID;

CREATE INDEX reviewers_by_member ON reviewers (member_id, due_at);

CREATE TABLE decisions (
	id      TEXT PRIMARY KEY,
	page_id TEXT NOT NULL REFERENCES docs (id) ON DELETE CASCADE,
	text    TEXT NOT NULL,
	author  TEXT NOT NULL,
	at      INTEGER NOT NULL
) STRICT;

CREATE INDEX decisions_by_page ON decisions (page_id, at);
