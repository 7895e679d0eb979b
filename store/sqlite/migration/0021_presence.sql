-- Presence (#18): whether this device keeps quiet about the pages I have
-- open. A setting of this device, like the rest of notify_settings: what
-- it says is ephemeral and never stored anywhere.
ALTER TABLE notify_settings ADD COLUMN hide_presence INTEGER NOT NULL DEFAULT 0;
