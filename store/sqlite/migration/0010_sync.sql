-- Reserved for the sync state work (session 2); filled in on its branch.
SELECT 1;
