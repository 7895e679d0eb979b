-- Goals and check-ins, materialized from their documents (kinds "goal"
-- and "checkin") so that the tree, the timeline and the scoreboard are
-- read without loading Automerge. Snapshots, check-in updates and
-- comments are kept as JSON arrays in the row: they are only ever read
-- with it.
CREATE TABLE goals (
	n             INTEGER PRIMARY KEY, -- stable rowid; search uses 5e12 + n
	id            TEXT NOT NULL UNIQUE REFERENCES docs (id) ON DELETE CASCADE,
	title         TEXT NOT NULL,
	description   TEXT NOT NULL,
	level         TEXT NOT NULL,       -- annual, quarterly, monthly, weekly
	scope         TEXT NOT NULL,       -- company, division, manager, individual
	scope_target  TEXT NOT NULL,       -- division name or member ID; '' for the company
	parent_id     TEXT NOT NULL,       -- '' at the top
	owner_id      TEXT NOT NULL,
	author        TEXT NOT NULL,
	period_start  TEXT NOT NULL,       -- YYYY-MM-DD
	period_end    TEXT NOT NULL,
	measure_kind  TEXT NOT NULL,       -- number, binary
	unit          TEXT NOT NULL,
	start_value   REAL NOT NULL,
	target_value  REAL NOT NULL,
	current_value REAL NOT NULL,
	done          INTEGER NOT NULL,
	status        TEXT NOT NULL,       -- on_track, at_risk, off_track
	confidence    INTEGER NOT NULL,    -- 0–100, set by a person
	scoreboard    INTEGER NOT NULL,
	archived      INTEGER NOT NULL,
	retrospective TEXT NOT NULL,
	closed_at     INTEGER NOT NULL,    -- Unix ms; 0 while open
	snapshots     TEXT NOT NULL,       -- JSON [{id, at, value, status, confidence, by, checkIn, note}], oldest first
	created_at    INTEGER NOT NULL,
	updated_at    INTEGER NOT NULL
) STRICT;

CREATE INDEX goals_by_parent ON goals (parent_id);
CREATE INDEX goals_by_owner ON goals (owner_id);

CREATE TABLE checkins (
	n          INTEGER PRIMARY KEY, -- stable rowid; search uses 5.5e12 + n
	id         TEXT NOT NULL UNIQUE REFERENCES docs (id) ON DELETE CASCADE,
	member_id  TEXT NOT NULL,
	date       TEXT NOT NULL,       -- the member's local date
	plans      TEXT NOT NULL,
	progress   TEXT NOT NULL,
	problems   TEXT NOT NULL,
	blockers   TEXT NOT NULL,
	updates    TEXT NOT NULL,       -- JSON [{goal, title, value, done, status, confidence, note}]
	comments   TEXT NOT NULL,       -- JSON [{id, author, body, createdAt}], oldest first
	created_at INTEGER NOT NULL,
	updated_at INTEGER NOT NULL
) STRICT;

CREATE INDEX checkins_by_member ON checkins (member_id, created_at DESC);
CREATE INDEX checkins_by_time ON checkins (created_at DESC);

-- When each person checks in, in their own zone. Kept on this device for
-- now; it belongs in the member's synced settings once members sync.
CREATE TABLE checkin_schedules (
	member_id TEXT PRIMARY KEY,
	days      TEXT NOT NULL, -- weekdays, Sunday = 0, comma-separated
	time      TEXT NOT NULL  -- HH:MM local
) STRICT;

CREATE TRIGGER goals_search_insert AFTER INSERT ON goals BEGIN
	INSERT INTO search (rowid, title, body, kind, doc_id)
		VALUES (5000000000000 + new.n, new.title, new.description || char(10) || new.retrospective, 'goal', new.id);
END;

CREATE TRIGGER goals_search_update AFTER UPDATE OF title, description, retrospective ON goals BEGIN
	DELETE FROM search WHERE rowid = 5000000000000 + old.n;
	INSERT INTO search (rowid, title, body, kind, doc_id)
		VALUES (5000000000000 + new.n, new.title, new.description || char(10) || new.retrospective, 'goal', new.id);
END;

CREATE TRIGGER goals_search_delete AFTER DELETE ON goals BEGIN
	DELETE FROM search WHERE rowid = 5000000000000 + old.n;
END;

CREATE TRIGGER checkins_search_insert AFTER INSERT ON checkins BEGIN
	INSERT INTO search (rowid, title, body, kind, doc_id)
		VALUES (5500000000000 + new.n, 'Check-in ' || new.date,
			new.plans || char(10) || new.progress || char(10) || new.problems || char(10) || new.blockers, 'checkin', new.id);
END;

CREATE TRIGGER checkins_search_update AFTER UPDATE OF plans, progress, problems, blockers ON checkins BEGIN
	DELETE FROM search WHERE rowid = 5500000000000 + old.n;
	INSERT INTO search (rowid, title, body, kind, doc_id)
		VALUES (5500000000000 + new.n, 'Check-in ' || new.date,
			new.plans || char(10) || new.progress || char(10) || new.problems || char(10) || new.blockers, 'checkin', new.id);
END;

CREATE TRIGGER checkins_search_delete AFTER DELETE ON checkins BEGIN
	DELETE FROM search WHERE rowid = 5500000000000 + old.n;
END;
