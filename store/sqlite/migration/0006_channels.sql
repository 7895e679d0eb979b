-- Reserved for the channels work (session 2); filled in on its branch.
SELECT 1;
