-- Reserved for focus and notifications (#9); filled in on its branch.
SELECT 1;
