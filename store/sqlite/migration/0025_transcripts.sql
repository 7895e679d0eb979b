-- Rough transcripts of video messages (#20). A transcript lives in a small
-- document of its own per video (kind 'transcript'), whose entries are
-- whole transcripts signed by a device; these tables are what was read
-- from it, for the player, the chapters and search.

-- Who recorded a video, from the stamp in its bytes: the one member whose
-- devices' entries count as its transcript. (A table, not a column of
-- videos: a migration may run twice, and ADD COLUMN cannot.)
CREATE TABLE IF NOT EXISTS video_authors (
    hash   TEXT PRIMARY KEY REFERENCES videos (hash) ON DELETE CASCADE,
    author TEXT NOT NULL
) STRICT, WITHOUT ROWID;

-- Every entry of a transcript document whose signature verified and whose
-- device belonged to the member it names, when it was read. Which of them
-- is the transcript is decided against video_authors, which may arrive
-- later than the document (the video's bytes come after it).
CREATE TABLE IF NOT EXISTS transcript_entries (
    video     TEXT NOT NULL,     -- the video's blob hash
    entry     TEXT NOT NULL,     -- its key in the document
    member    TEXT NOT NULL,     -- whose device signed it
    at        INTEGER NOT NULL,  -- Unix ms it says it was made
    corrected INTEGER NOT NULL,  -- 1 when a person corrected it
    body      TEXT NOT NULL,     -- the signed JSON
    PRIMARY KEY (video, entry)
) STRICT, WITHOUT ROWID;

-- The transcript of each video: its author's newest entry. n numbers its
-- row in the search index (rowid 6000000000000 + n).
CREATE TABLE IF NOT EXISTS transcripts (
    n         INTEGER PRIMARY KEY,
    video     TEXT NOT NULL UNIQUE,
    author    TEXT NOT NULL,
    words     TEXT NOT NULL,     -- JSON [{"w","s","e"}], times in ms
    text      TEXT NOT NULL,     -- the words with spaces, as indexed
    corrected INTEGER NOT NULL,
    made_at   INTEGER NOT NULL   -- Unix ms
) STRICT;

-- A video's bytes let go of (collected, refused) take its transcript out
-- of search: nothing would play at the hit.
CREATE TRIGGER IF NOT EXISTS videos_transcript_gone AFTER DELETE ON videos BEGIN
    DELETE FROM search WHERE rowid = (SELECT 6000000000000 + n FROM transcripts WHERE video = old.hash);
    DELETE FROM transcripts WHERE video = old.hash;
END;

-- Run again after 0021 rebuilt the index, the transcripts go back in it.
INSERT OR REPLACE INTO search (rowid, title, body, kind, doc_id)
    SELECT 6000000000000 + t.n, coalesce(nullif(v.summary, ''), 'Video'), t.text, 'video', t.video
    FROM transcripts t LEFT JOIN videos v ON v.hash = t.video;
