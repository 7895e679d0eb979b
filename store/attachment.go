package store

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxAttachmentSize is the largest image that can be attached, in bytes.
const MaxAttachmentSize = 10 << 20

// AttachmentScheme prefixes an attachment's hash where Markdown refers to
// it: ![alt](attachment:<hash>). The form says nothing about where the
// bytes are, so a page reads the same on every device and in every export;
// the renderer maps it to a URL the window can load.
const AttachmentScheme = "attachment:"

// Attachment is an image stored with the pages, addressed by the SHA-256
// of its bytes. Attachments will sync between peers by hash: a peer that
// sees attachment:<hash> in a page and lacks the row asks for it, and
// checks the bytes it gets against the hash before storing them.
type Attachment struct {
	Hash      string // SHA-256 of Data, lowercase hex
	Mime      string // sniffed: image/png, image/jpeg, image/gif or image/webp
	Name      string // the file name it first came with; may be ""
	Size      int64
	Data      []byte
	CreatedAt time.Time
}

// Ext returns the usual file extension for the attachment's type, with
// its dot.
func (a *Attachment) Ext() string { return MimeExt(a.Mime) }

// AttachmentService stores and reads attachments.
type AttachmentService interface {
	// CreateAttachment stores an image, or finds the one with the same
	// bytes; name is only remembered. Anything but a PNG, JPEG, GIF or
	// WebP image of at most MaxAttachmentSize bytes is refused (EINVALID).
	CreateAttachment(ctx context.Context, name string, data []byte) (*Attachment, error)
	// FindAttachment returns an attachment by its hash (ENOTFOUND if none).
	FindAttachment(ctx context.Context, hash string) (*Attachment, error)
}

// HashAttachment returns the hash that addresses data.
func HashAttachment(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// ValidateAttachmentHash reports whether h has the shape of an attachment hash.
func ValidateAttachmentHash(h string) error {
	if len(h) != 64 {
		return Errorf(EINVALID, "%q is not an attachment hash.", clip(h, 80))
	}
	for _, c := range h {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return Errorf(EINVALID, "%q is not an attachment hash.", clip(h, 80))
		}
	}
	return nil
}

// SniffImage returns the MIME type of an image that Longhand shows, from
// its first bytes, or "" for anything else. SVG is never one: it can carry
// script.
func SniffImage(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return "image/png"
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return "image/jpeg"
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return "image/gif"
	case len(data) >= 12 && bytes.Equal(data[:4], []byte("RIFF")) && bytes.Equal(data[8:12], []byte("WEBP")):
		return "image/webp"
	}
	return ""
}

// MimeExt returns the file extension, with its dot, for an image type
// SniffImage returns; ".bin" for any other.
func MimeExt(mime string) string {
	switch mime {
	case "image/png":
		return ".png"
	case "image/jpeg":
		return ".jpg"
	case "image/gif":
		return ".gif"
	case "image/webp":
		return ".webp"
	}
	return ".bin"
}

// ValidateAttachment checks that data is an image Longhand accepts and
// returns its type. name is only used in the message.
func ValidateAttachment(name string, data []byte) (string, error) {
	label := "This file"
	if name = strings.TrimSpace(name); name != "" && utf8.ValidString(name) {
		label = "“" + clip(name, 80) + "”"
	}
	if len(data) == 0 {
		return "", Errorf(EINVALID, "%s is empty.", label)
	}
	if len(data) > MaxAttachmentSize {
		return "", Errorf(EINVALID, "%s is %.1f MB; an image can be at most %d MB.", label, float64(len(data))/(1<<20), MaxAttachmentSize>>20)
	}
	mime := SniffImage(data)
	if mime == "" {
		return "", Errorf(EINVALID, "%s is not a PNG, JPEG, GIF or WebP image.", label)
	}
	return mime, nil
}

// AttachmentName cleans a file name to remember with an attachment: its
// base name only, valid UTF-8, at most 200 characters.
func AttachmentName(name string) string {
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	name = strings.ToValidUTF8(strings.TrimSpace(name), "")
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, name)
	return clip(name, 200)
}

func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
