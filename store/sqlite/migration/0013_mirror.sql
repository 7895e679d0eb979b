-- Reserved for the Markdown folder mirror (#10); filled in on its branch.
SELECT 1;
