-- Pages are indexed for search by the store, not by triggers. A trigger
-- indexed a row at a time, and FTS5 writes its pending terms to disk at
-- every savepoint and at every statement that may roll back: the writer
-- runs each write of a group in a savepoint, so a first sync of thousands
-- of pages wrote an index segment for nearly every page (most of the
-- cost of storing it). The writer now indexes the pages a transaction
-- wrote in one statement after its writes (pageindex.go), in the same
-- transaction, so search never sees a page without its terms nor terms
-- without their page. Deleting a page's row still drops its terms here:
-- that happens only when its document is deleted.
DROP TRIGGER IF EXISTS pages_search_insert;
DROP TRIGGER IF EXISTS pages_search_update;
