-- The one time model (#18): how each person reads clock times ("" for
-- automatic, "12" or "24") and the regional format dates follow ("" to
-- work it out from the system's language and the person's time zone).
-- Both live in the person's profile document and follow them to their
-- other devices.
ALTER TABLE members ADD COLUMN time_format TEXT NOT NULL DEFAULT '';
ALTER TABLE members ADD COLUMN locale TEXT NOT NULL DEFAULT '';
