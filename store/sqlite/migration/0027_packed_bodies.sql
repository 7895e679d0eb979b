-- A page's row keeps its body packed: deflated, with a checksum, when that
-- is shorter (bodies.go). The row's plain copy of the text was a third of
-- a 150-word page's bytes, beside the Automerge document that holds the
-- same text and the search index that holds its terms; deflated it is
-- less than half as long. Every reader unpacks it in Go (unpackBody), so
-- the column is a BLOB under a new name: a statement still reading the
-- old column fails instead of reading bytes as text. pack_body is the
-- store's packBody, registered on every connection (db.go).
ALTER TABLE pages ADD COLUMN packed_body BLOB NOT NULL DEFAULT x'00';
UPDATE pages SET packed_body = pack_body(body);
ALTER TABLE pages DROP COLUMN body;
