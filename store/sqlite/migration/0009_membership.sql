-- Reserved for the membership log work (session 2); filled in on its branch.
SELECT 1;
