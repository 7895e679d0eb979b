-- Reserved for the inbox work (session 2); filled in on its branch.
SELECT 1;
