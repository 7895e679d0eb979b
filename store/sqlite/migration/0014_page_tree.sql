-- The sidebar's page tree, read a branch at a time: the live pages that
-- are not templates, by place. Listing a branch, counting a page's
-- subpages and finding a row's index are ranges of this index alone.
CREATE INDEX pages_tree ON pages (space_id, parent_id, position, id) WHERE deleted_at = 0 AND is_template = 0;
