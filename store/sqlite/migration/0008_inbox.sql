-- The inbox is worked out from the documents' rows (comments, reviews);
-- what each person did with an item on this device is kept here: when it
-- was shown to them, when they marked it done, until when they put it off.
CREATE TABLE inbox_state (
	member_id     TEXT NOT NULL,
	item          TEXT NOT NULL, -- the item's key
	read_at       INTEGER NOT NULL DEFAULT 0,
	done_at       INTEGER NOT NULL DEFAULT 0,
	snoozed_until INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (member_id, item)
) STRICT, WITHOUT ROWID;

-- Replies by author, to find the threads a person took part in.
CREATE INDEX replies_by_author ON replies (author, thread_id);
