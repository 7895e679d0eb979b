-- Reserved for the chats work (session 2); filled in on its branch.
SELECT 1;
