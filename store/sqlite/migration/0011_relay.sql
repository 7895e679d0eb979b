-- Reserved for the relay client (#8); filled in on its branch.
SELECT 1;
