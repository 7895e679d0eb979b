-- Spaces can be ordered, and moved to the trash with their pages.
ALTER TABLE spaces ADD COLUMN position TEXT NOT NULL DEFAULT '';      -- package order; '' for spaces made before this
ALTER TABLE spaces ADD COLUMN deleted_at INTEGER NOT NULL DEFAULT 0;  -- Unix ms; 0 while live

-- The start-up damage scan remembers which documents it checked: a
-- document is read again only when its stored bytes changed since. Any
-- write of its snapshot or of its changes, by Longhand or anything else
-- that goes through SQLite, clears the mark.
ALTER TABLE docs ADD COLUMN verified_at INTEGER NOT NULL DEFAULT 0;   -- Unix ms of the last clean check; 0 = check it

CREATE TRIGGER docs_unverify_snapshot AFTER UPDATE OF snapshot, sum ON docs BEGIN
	UPDATE docs SET verified_at = 0 WHERE id = new.id;
END;

CREATE TRIGGER docs_unverify_change_insert AFTER INSERT ON changes BEGIN
	UPDATE docs SET verified_at = 0 WHERE id = new.doc_id AND verified_at != 0;
END;

CREATE TRIGGER docs_unverify_change_update AFTER UPDATE ON changes BEGIN
	UPDATE docs SET verified_at = 0 WHERE id IN (old.doc_id, new.doc_id) AND verified_at != 0;
END;
