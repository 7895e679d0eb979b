-- Reserved for the migration of the branch that adds "seen by" to video
-- messages (h/vidkit), which takes number 24. This placeholder only keeps
-- the numbers contiguous on h/transcript; drop it when that one is merged.
SELECT 1;
