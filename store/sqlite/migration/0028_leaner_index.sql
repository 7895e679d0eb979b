-- Issue 17 asks for at most 3 KB a page (a 6-word title, a 150-word
-- body); this migration takes two things out that cost bytes on every
-- page and bought little (BENCHMARKS.md, "Bytes per page").
--
-- The search index keeps no prefix index. The last word of a query, as
-- it is typed, still matches as a prefix: FTS5 reads the terms it starts
-- from the main index instead. The 3-character prefix index helped only a
-- last word of exactly three characters (FTS5 uses a prefix index for its
-- own length alone) and was 35–40% of the index: on 20,000 pages of real
-- Markdown it saved 0.9 ms of a 3-character query's median and cost 422
-- bytes a page.
DROP TABLE IF EXISTS search;
DROP TABLE IF EXISTS search_content; -- left behind by a contentless_unindexed table (0021)

CREATE VIRTUAL TABLE search USING fts5 (
	title,
	body,
	kind UNINDEXED,
	doc_id UNINDEXED,
	content = '',
	contentless_delete = 1,
	contentless_unindexed = 1,
	tokenize = 'unicode61 remove_diacritics 2'
);

-- The rows the store (pages, pageindex.go) and the triggers of migrations
-- 0005–0007 and 0025 put in, numbered as they number them (search.go).
INSERT INTO search (rowid, title, body, kind, doc_id)
	SELECT n, title, unpack_body(packed_body), 'page', id FROM pages WHERE deleted_at = 0 AND is_template = 0;
INSERT INTO search (rowid, title, body, kind, doc_id)
	SELECT 3000000000000 + n, title, body, 'post', id FROM posts WHERE deleted_at = 0;
INSERT INTO search (rowid, title, body, kind, doc_id)
	SELECT 3500000000000 + n, '', body, 'post', post_id FROM post_replies WHERE deleted = 0;
INSERT INTO search (rowid, title, body, kind, doc_id)
	SELECT 4000000000000000 + n, '', body, 'chat', conversation_id FROM chat_messages WHERE deleted = 0;
INSERT INTO search (rowid, title, body, kind, doc_id)
	SELECT 5000000000000 + n, title, description || char(10) || retrospective, 'goal', id FROM goals;
INSERT INTO search (rowid, title, body, kind, doc_id)
	SELECT 5500000000000 + n, 'Check-in ' || date,
		plans || char(10) || progress || char(10) || problems || char(10) || blockers, 'checkin', id FROM checkins;
INSERT INTO search (rowid, title, body, kind, doc_id)
	SELECT 6000000000000 + t.n, coalesce(nullif(v.summary, ''), 'Video'), t.text, 'video', t.video
	FROM transcripts t LEFT JOIN videos v ON v.hash = t.video;

-- One index orders siblings, live or not, and lists the tree: pages_tree
-- (0014) held the live pages' places and pages_by_place every page's, the
-- same columns twice. With deleted_at and is_template in it, the tree's
-- queries still read nothing but the index.
DROP INDEX IF EXISTS pages_by_place;
DROP INDEX IF EXISTS pages_tree;
CREATE INDEX pages_tree ON pages (space_id, parent_id, position, id, deleted_at, is_template);

-- The review queue looks up a member's pages in review and those with a
-- date to be reviewed by (review.go); every page has an owner, but few
-- are either, so the index holds only those. Its WHERE is the two
-- queries' own terms, so SQLite can tell that it covers them.
DROP INDEX IF EXISTS pages_by_owner;
CREATE INDEX pages_by_owner ON pages (owner, status) WHERE status = 'review' OR review_by != '';
