package store

import (
	"context"
	"errors"
	"fmt"
	"io"
	"regexp"
	"time"
)

// ChunkSize is the size of every chunk of a blob but its last. Chunks are
// fixed, not content-defined: an attachment never changes (a new version
// of a file is a new blob), so the gain of content-defined chunks, sharing
// the unchanged parts of an edited file, does not arise, while fixed
// chunks map an offset to its chunk with a division, which is what a video
// player seeking through a file needs.
const ChunkSize = 1 << 20

// DefaultMaxFileSize is the largest file that can be attached unless the
// workspace's settings say otherwise.
const DefaultMaxFileSize = 200 << 20

// Blob is a file stored with the documents, addressed by the SHA-256 of
// its bytes. A blob that a peer is still sending is known by its manifest
// and holds only some of its chunks until it is Complete.
type Blob struct {
	Hash      string
	Size      int64
	Mime      string // sniffed from its first bytes
	Name      string // the file name it first came with
	Parts     int    // chunks it is made of
	Have      int    // chunks held here
	Complete  bool   // every chunk is here and the whole matched its hash
	CreatedAt time.Time
}

// BlobManifest is what a peer needs to fetch a blob: its size, type, name
// and the hashes of its chunks in order.
type BlobManifest struct {
	Hash   string
	Size   int64
	Mime   string
	Name   string
	Chunks []string
}

// Parts returns how many chunks a blob of size bytes is made of.
func Parts(size int64) int {
	if size <= 0 {
		return 0
	}
	return int((size + ChunkSize - 1) / ChunkSize)
}

// Validate checks that a manifest from a peer is well formed and no
// larger than limit bytes: the right number of chunk hashes for its size,
// each a hash.
func (m *BlobManifest) Validate(limit int64) error {
	if err := ValidateAttachmentHash(m.Hash); err != nil {
		return err
	}
	if m.Size <= 0 {
		return Errorf(EINVALID, "The manifest of %s gives it no bytes.", m.Hash[:12])
	}
	if m.Size > limit {
		return Errorf(EINVALID, "%s is %.1f MB, over this device's limit of %d MB.", m.Hash[:12], float64(m.Size)/(1<<20), limit>>20)
	}
	if len(m.Chunks) != Parts(m.Size) {
		return Errorf(EINVALID, "The manifest of %s lists %d chunks for %d bytes.", m.Hash[:12], len(m.Chunks), m.Size)
	}
	for _, c := range m.Chunks {
		if err := ValidateAttachmentHash(c); err != nil {
			return err
		}
	}
	if len(m.Mime) > 100 || len(m.Name) > 800 {
		return Errorf(EINVALID, "The manifest of %s is malformed.", m.Hash[:12])
	}
	return nil
}

// BlobService stores files of any kind, in chunks, and takes them in from
// peers chunk by chunk.
type BlobService interface {
	// CreateBlob stores what r gives, up to limit bytes, under the hash
	// of its bytes (the same bytes stored twice are one blob).
	CreateBlob(ctx context.Context, name string, r io.Reader, limit int64) (*Blob, error)
	// FindBlob returns what is known of a blob, complete or not.
	FindBlob(ctx context.Context, hash string) (*Blob, error)
	// OpenBlob reads a complete blob, checking every chunk as it goes.
	OpenBlob(ctx context.Context, hash string) (io.ReadSeekCloser, *Blob, error)
}

var attachmentRef = regexp.MustCompile(`attachment:([0-9a-f]{64})`)

// AttachmentRefs returns the hashes of the blobs texts name, each once.
func AttachmentRefs(texts ...string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range texts {
		for _, m := range attachmentRef.FindAllStringSubmatch(t, -1) {
			if !seen[m[1]] {
				seen[m[1]] = true
				out = append(out, m[1])
			}
		}
	}
	return out
}

// BlobSettings are a device's own settings for files.
type BlobSettings struct {
	MaxFileSize int64 // the largest file that can be attached or fetched, in bytes
	FetchAll    bool  // fetch every file the workspace names, or only those opened
	CacheLimit  int64 // how much room fetched files may take before the least used go
}

// Validate checks that settings are within reason.
func (s BlobSettings) Validate() error {
	if s.MaxFileSize < 1<<20 || s.MaxFileSize > 4<<30 {
		return Errorf(EINVALID, "The largest file must be between 1 MB and 4 GB.")
	}
	if s.CacheLimit < 100<<20 {
		return Errorf(EINVALID, "The room for files must be at least 100 MB.")
	}
	return nil
}

// ErrBadChunk says a peer sent bytes that are not what it said they were.
var ErrBadChunk = errors.New("bytes that do not match their hash")

// VerifiedChunk is a chunk whose bytes were checked against its hash.
// Only VerifyChunk makes one, so a store that takes a VerifiedChunk knows
// the check was made without making it again, and the check can run on
// another goroutine than the store's writes.
type VerifiedChunk struct {
	hash string
	data []byte
}

// VerifyChunk checks that data is a chunk's worth of bytes whose SHA-256
// is hash; an error wrapping ErrBadChunk otherwise.
func VerifyChunk(hash string, data []byte) (VerifiedChunk, error) {
	if err := ValidateAttachmentHash(hash); err != nil {
		return VerifiedChunk{}, err
	}
	if len(data) == 0 || len(data) > ChunkSize || HashAttachment(data) != hash {
		return VerifiedChunk{}, fmt.Errorf("chunk %s: %w", hash[:12], ErrBadChunk)
	}
	return VerifiedChunk{hash: hash, data: data}, nil
}

// Hash returns the chunk's hash.
func (c VerifiedChunk) Hash() string { return c.hash }

// Data returns the chunk's bytes; the caller must not change them.
func (c VerifiedChunk) Data() []byte { return c.data }
