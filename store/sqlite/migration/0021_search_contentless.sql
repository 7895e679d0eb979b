-- The search index keeps no copy of the text it indexes. Until now FTS5
-- kept every page's title and body a second time (its _content table,
-- about 1.4 KB of a 150-word page's 6.8 KB), only so that snippet() could
-- read them back; the rows of pages, posts, replies, goals, check-ins
-- and chat messages already hold that text, and search.go cuts snippets
-- from them. contentless_delete lets the triggers delete a row by its
-- rowid alone, as they always have; contentless_unindexed keeps the two
-- small unindexed columns (kind, doc_id) a hit is looked up by.
--
-- Prefixes are indexed for three characters only: the last word of a
-- query matches as a prefix while it is typed, and 2 and 4 character
-- prefix indexes cost about 1 KB a page for what a term scan does on a
-- rarer (4+) or commoner (2) prefix. See BENCHMARKS.md, Search.
DROP TABLE IF EXISTS search;
-- Dropping a contentless_unindexed table leaves its _content table behind
-- (SQLite 3.54 drops _content only for tables with content), so a second
-- run of this migration, or a later one, drops it by name.
DROP TABLE IF EXISTS search_content;

CREATE VIRTUAL TABLE search USING fts5 (
	title,
	body,
	kind UNINDEXED,
	doc_id UNINDEXED,
	content = '',
	contentless_delete = 1,
	contentless_unindexed = 1,
	tokenize = 'unicode61 remove_diacritics 2',
	prefix = '3'
);

-- The same rows the triggers of migrations 0001, 0005, 0006 and 0007 put in.
INSERT INTO search (rowid, title, body, kind, doc_id)
	SELECT n, title, body, 'page', id FROM pages WHERE deleted_at = 0 AND is_template = 0;
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
