-- Order keys of bounded length (#17). Position keys made before this
-- schema grew a character every 61 pages appended (820 characters on
-- average at 100,000 pages). Opening the database renumbers every group
-- of siblings that holds a key longer than 32 characters (order.MaxLen),
-- as Automerge changes of their pages (see renumberLongKeys); this index
-- finds those groups without reading every key, and is empty once they
-- are renumbered, so the check costs nothing at later opens.
CREATE INDEX pages_long_position ON pages (space_id, parent_id) WHERE length(position) > 32;
