// Package mirror keeps a folder of Markdown files in step with the pages
// of a workspace, both ways: every live page is a .md file in its space's
// folder (named as mdio names exported pages, with the page's ID in its
// front matter), rewritten when the page changes; and an edit made to a
// file with any editor is diffed against the text Longhand last wrote and
// applied to the page as splices, so that edits made meanwhile in Longhand
// or by a peer are merged, not overwritten. A new file becomes a page, a
// deleted file sends its page to the trash, and a file renamed or moved
// keeps its page by the ID in its front matter.
//
// Everything read from the folder is untrusted: it is read through an
// os.Root of the folder, opened without waiting (a FIFO would wait for a
// writer forever) and checked on the open file to be the regular file that
// was looked at, refused when it is a hard link to a file with a name
// outside the folder, size-limited and checked to be text; a file that
// cannot be taken in is left exactly as it is and reported. The
// mirror writes only through temporary files renamed into place inside the
// folder, and never over a file that changed since it last read it.
// It must never import SQLite, Automerge or Wails.
package mirror
