package store

import "context"

// MirrorFile is what the Markdown folder mirror remembers of one page's
// file: where it is, and the text Longhand and the file last agreed on.
type MirrorFile struct {
	Page  DocID
	Path  string // slash path relative to the mirror's folder
	Place string // the path Longhand last chose for it; when the page's place changes, the file follows
	Title string // the title last written to or read from the file
	Body  string // the body last written to or read from the file
	Hash  string // SHA-256 (hex) of the file's bytes at that time
}

// MirrorStateService keeps the mirror's folder and files, so that a
// restart tells edits made while Longhand was closed from its own writes.
type MirrorStateService interface {
	// FindMirrorFolder returns the mirrored folder, "" when the mirror is off.
	FindMirrorFolder(ctx context.Context) (string, error)
	// SetMirrorFolder sets the folder ("" turns the mirror off) and forgets
	// every file of the previous one; the same folder again keeps them.
	SetMirrorFolder(ctx context.Context, folder string) error
	// MirrorOwner returns a random mark of this database, made on first
	// use, that the mirror leaves in its folder so that no other database
	// (another device's, another workspace's) mirrors the same folder.
	MirrorOwner(ctx context.Context) (string, error)
	FindMirrorFiles(ctx context.Context) ([]MirrorFile, error)
	SaveMirrorFile(ctx context.Context, f MirrorFile) error
	DeleteMirrorFile(ctx context.Context, page DocID) error
}
