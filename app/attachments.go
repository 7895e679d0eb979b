package app

import (
	"context"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"

	"github.com/longhand/longhand/store"
)

// AttachmentPath is where the window loads attachments from: the renderer
// maps ![alt](attachment:<hash>) to AttachmentPath+<hash>.
const AttachmentPath = "/attachments/"

// Attachments is the bound service that stores images pasted or dropped
// into the editor.
type Attachments struct {
	ctx         context.Context
	attachments store.AttachmentService
}

// NewAttachments returns the attachments service.
func NewAttachments(ctx context.Context, attachments store.AttachmentService) *Attachments {
	return &Attachments{ctx: ctx, attachments: attachments}
}

// AttachmentView is a stored image.
type AttachmentView struct {
	Hash string `json:"hash"`
	Mime string `json:"mime"`
	Size int64  `json:"size"`
	Name string `json:"name"`
	// Ref is how Markdown refers to it: attachment:<hash>.
	Ref string `json:"ref"`
}

// Create stores an image given as base64 (how the window can send bytes)
// and returns how to refer to it. The same image stored twice is one.
func (s *Attachments) Create(name, dataBase64 string) (AttachmentView, error) {
	if base64.StdEncoding.DecodedLen(len(dataBase64)) > store.MaxAttachmentSize+3 {
		return AttachmentView{}, store.Errorf(store.EINVALID, "This image is larger than %d MB, the most Longhand stores.", store.MaxAttachmentSize>>20)
	}
	data, err := base64.StdEncoding.DecodeString(dataBase64)
	if err != nil {
		return AttachmentView{}, store.Errorf(store.EINVALID, "The image arrived damaged; try again.")
	}
	a, err := s.attachments.CreateAttachment(s.ctx, name, data)
	if err != nil {
		return AttachmentView{}, err
	}
	return AttachmentView{Hash: a.Hash, Mime: a.Mime, Size: a.Size, Name: a.Name, Ref: store.AttachmentScheme + a.Hash}, nil
}

// AttachmentHandler serves GET /attachments/<hash> from the store to the
// window's own origin, and nothing else. The bytes are served with the
// type sniffed when they were stored, never sniffed again by the browser,
// and under a CSP that lets nothing in them run.
func AttachmentHandler(attachments store.AttachmentService) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hash, ok := strings.CutPrefix(r.URL.Path, AttachmentPath)
		if !ok {
			http.NotFound(w, r)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		h := w.Header()
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		if store.ValidateAttachmentHash(hash) != nil {
			http.NotFound(w, r)
			return
		}
		a, err := attachments.FindAttachment(r.Context(), hash)
		if err != nil {
			code := http.StatusInternalServerError
			if store.ErrorCode(err) == store.ENOTFOUND {
				code = http.StatusNotFound
			}
			http.Error(w, store.ErrorMessage(err), code)
			return
		}
		h.Set("Content-Type", a.Mime)
		h.Set("Content-Length", strconv.Itoa(len(a.Data)))
		// The hash names the bytes: they never change.
		h.Set("Cache-Control", "private, max-age=31536000, immutable")
		h.Set("ETag", `"`+a.Hash+`"`)
		if r.Method == http.MethodHead {
			return
		}
		w.Write(a.Data)
	})
}
