-- Who watched which video message (#20), from the signed marks in each
-- member's document (videosSeen), rewritten whenever that document
-- changes. A row is only what the document says: its signature is checked
-- against the membership log when it is read, so a mark someone wrote
-- into another person's document never counts.
CREATE TABLE IF NOT EXISTS video_seen (
    video     TEXT NOT NULL,     -- the video's hash
    member_id TEXT NOT NULL,     -- the member whose document holds the mark
    device    TEXT NOT NULL,     -- the device that signed it, hex
    at        INTEGER NOT NULL,  -- Unix ms
    sig       BLOB NOT NULL,     -- Ed25519 over store.SeenMessage
    PRIMARY KEY (video, member_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS video_seen_by_member ON video_seen (member_id);
