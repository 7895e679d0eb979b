-- Video messages (#20). A video is a blob like any file; what Longhand
-- read from its bytes when it was stored or arrived whole is kept here, so
-- that the window knows it may play it and shows its length, take and
-- summary without reading it again. Only a blob with a row here is ever
-- served to the window as a video.
CREATE TABLE IF NOT EXISTS videos (
    hash      TEXT PRIMARY KEY REFERENCES blobs (hash) ON DELETE CASCADE,
    mime      TEXT NOT NULL,               -- video/webm or video/mp4, from its container
    length_ms INTEGER NOT NULL,            -- how long it runs
    take      INTEGER NOT NULL DEFAULT 0,  -- 1 or 2 from Longhand's stamp; 0 for a video Longhand did not record
    summary   TEXT NOT NULL DEFAULT ''     -- the one line from its stamp
) STRICT, WITHOUT ROWID;

-- Files that arrived whole from a peer and broke a rule (a video over
-- 3:00, a third take): their bytes are dropped and they are never asked
-- for again, so a teammate's device cannot make this one fetch them in a
-- loop. The reason is what the window shows where the file would be.
CREATE TABLE IF NOT EXISTS refused_blobs (
    hash   TEXT PRIMARY KEY,
    reason TEXT NOT NULL,
    at     INTEGER NOT NULL  -- Unix ms
) STRICT, WITHOUT ROWID;
