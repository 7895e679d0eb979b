package app

import (
	"bytes"
	"context"
	"encoding/base64"
	"image/jpeg"
	"net/http"
	"strconv"

	"github.com/longhand/longhand/store"
)

// VideoSeenStore is what "seen by" needs from the store.
type VideoSeenStore interface {
	MarkVideoSeen(ctx context.Context, video string, key store.Signer) error
	FindVideoSeen(ctx context.Context, video string) (*store.VideoSeen, error)
	FindMembers(ctx context.Context) ([]store.Member, error)
}

// SeenByView is a person who watched a video message.
type SeenByView struct {
	MemberID string `json:"memberId"`
	Name     string `json:"name"`
	At       string `json:"at"`
}

// VideoSeenView is who a video message was sent to and who of them
// watched it.
type VideoSeenView struct {
	Audience int          `json:"audience"` // how many it was sent to, its sender left out
	Seen     []SeenByView `json:"seen"`     // earliest first
	// AfterMs is how long it plays before the viewer counts as having seen it.
	AfterMs int64 `json:"afterMs"`
}

// MarkSeen records, signed by this device, that I watched a video past
// its first seconds; the window calls it once per video it plays.
func (v *Videos) MarkSeen(hash string) error {
	if v.seen == nil || v.key == nil {
		return store.Errorf(store.EUNAVAILABLE, "This device cannot say what you watched: it has no workspace or no key.")
	}
	return v.seen.MarkVideoSeen(v.ctx, hash, v.key)
}

// Seen says who a video message was sent to and who of them watched it.
func (v *Videos) Seen(hash string) (VideoSeenView, error) {
	out := VideoSeenView{Seen: []SeenByView{}, AfterMs: store.SeenAfter.Milliseconds()}
	if v.seen == nil {
		return out, store.Errorf(store.EUNAVAILABLE, "Who watched this video is not known on this device.")
	}
	s, err := v.seen.FindVideoSeen(v.ctx, hash)
	if err != nil {
		return out, err
	}
	names := map[store.DocID]string{}
	if ms, err := v.seen.FindMembers(v.ctx); err == nil {
		for _, m := range ms {
			names[m.ID] = m.Name
		}
	}
	out.Audience = len(s.Audience)
	for _, x := range s.Seen {
		name := names[x.Member]
		if name == "" {
			name = "Someone"
		}
		out.Seen = append(out.Seen, SeenByView{MemberID: string(x.Member), Name: name, At: formatTime(x.At)})
	}
	return out, nil
}

// A poster is a video's thumbnail: one frame, taken by the window from
// the stored video about a second in, as a small JPEG. It is an
// attachment like any image, named in the video's link, so it syncs,
// is fetched and is collected as images are.
const (
	maxPosterBytes = 256 << 10
	maxPosterSide  = 1280
)

// PosterView is a stored poster.
type PosterView struct {
	Hash string `json:"hash"`
	Ref  string `json:"ref"` // attachment:<hash>
}

// checkPoster says why bytes are not a poster, or nil: a JPEG that
// decodes whole, at most maxPosterSide on a side.
func checkPoster(data []byte) error {
	bad := store.Errorf(store.EINVALID, "The video's thumbnail is not a JPEG image that can be shown.")
	if len(data) == 0 || len(data) > maxPosterBytes || store.SniffImage(data) != "image/jpeg" {
		return bad
	}
	cfg, err := jpeg.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width < 1 || cfg.Height < 1 || cfg.Width > maxPosterSide || cfg.Height > maxPosterSide {
		return bad
	}
	if _, err := jpeg.Decode(bytes.NewReader(data)); err != nil {
		return bad
	}
	return nil
}

// CreatePoster stores the thumbnail of a stored video, given as a JPEG in
// base64, after checking that it is one.
func (v *Videos) CreatePoster(video, jpegBase64 string) (PosterView, error) {
	if _, err := v.store.FindVideo(v.ctx, video); err != nil {
		return PosterView{}, err
	}
	if base64.StdEncoding.DecodedLen(len(jpegBase64)) > maxPosterBytes+3 {
		return PosterView{}, store.Errorf(store.EINVALID, "The video's thumbnail is over %d KB.", maxPosterBytes>>10)
	}
	data, err := base64.StdEncoding.DecodeString(jpegBase64)
	if err != nil {
		return PosterView{}, store.Errorf(store.EINVALID, "The video's thumbnail arrived damaged.")
	}
	if err := checkPoster(data); err != nil {
		return PosterView{}, err
	}
	a, err := v.store.CreateAttachment(v.ctx, "Thumbnail "+video[:12]+".jpg", data)
	if err != nil {
		return PosterView{}, err
	}
	return PosterView{Hash: a.Hash, Ref: store.AttachmentScheme + a.Hash}, nil
}

// PosterPath is where the window loads posters from: PosterPath+<hash>.
const PosterPath = "/posters/"

// PosterHandler serves GET /posters/<hash>: an attachment that is a JPEG
// decoding whole within the poster's bounds, whoever's device it came
// from, and nothing else; inert as every served blob is.
func PosterHandler(attachments store.AttachmentService) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hash, ok := blobRequest(w, r, PosterPath)
		if !ok {
			return
		}
		a, err := attachments.FindAttachment(r.Context(), hash)
		if err != nil || checkPoster(a.Data) != nil {
			http.NotFound(w, r)
			return
		}
		h := w.Header()
		h.Set("Content-Type", "image/jpeg")
		h.Set("Content-Length", strconv.Itoa(len(a.Data)))
		h.Set("Cache-Control", "private, max-age=31536000, immutable")
		h.Set("ETag", `"`+hash+`"`)
		if r.Method == http.MethodHead {
			return
		}
		w.Write(a.Data)
	})
}
