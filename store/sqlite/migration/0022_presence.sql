-- Presence (#18): whether this device keeps quiet about the pages I have
-- open. A setting of this device, beside notify_settings: what presence
-- says is ephemeral and never stored anywhere. Written so that it can run
-- again, as tests of older files do.
CREATE TABLE IF NOT EXISTS presence_settings (
    member_id TEXT PRIMARY KEY,
    hidden    INTEGER NOT NULL DEFAULT 0  -- 1: say nothing of the pages I have open
) STRICT;
