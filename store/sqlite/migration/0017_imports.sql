-- Imports that can be resumed (#16): a folder being imported into a
-- space, and the page each of its files and folders became, written in the
-- transaction that makes the page, so that an import cancelled or cut
-- short by a crash goes on where it stopped and never makes a page twice.
-- Local to this device: the pages themselves sync as any others.
CREATE TABLE imports (
    id       TEXT PRIMARY KEY,
    space    TEXT NOT NULL,
    folder   TEXT NOT NULL,
    total    INTEGER NOT NULL DEFAULT 0, -- pages the folder makes, once counted
    started  INTEGER NOT NULL,           -- Unix milliseconds
    ended    INTEGER                     -- NULL while it can be resumed
);

CREATE TABLE import_pages (
    import TEXT NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    key    TEXT NOT NULL, -- a file's path inside the folder, or a folder's followed by "/"
    page   TEXT NOT NULL,
    PRIMARY KEY (import, key)
) WITHOUT ROWID;
