package store_test

import (
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

func TestFirstVideoLink(t *testing.T) {
	v, p := strings.Repeat("a", 64), strings.Repeat("b", 64)
	tests := []struct {
		name, text string
		want       *store.VideoLink
	}{
		{"with a thumbnail", "Hi\n\n[▶ Launch moves (0:04)](attachment:" + v + ` "poster attachment:` + p + `")`, &store.VideoLink{Video: v, Poster: p, Summary: "Launch moves (0:04)"}},
		{"without one", "[▶ Launch (0:04)](attachment:" + v + ")", &store.VideoLink{Video: v, Summary: "Launch (0:04)"}},
		{"a file, not a video", "[report.pdf](attachment:" + v + ")", nil},
		{"a poster that is no hash", "[▶ x](attachment:" + v + ` "poster javascript:alert(1)")`, nil},
		{"nothing", "plain text", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := store.FirstVideoLink(tt.text)
			if (got == nil) != (tt.want == nil) || got != nil && *got != *tt.want {
				t.Errorf("FirstVideoLink=%+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestExcerptShowsAVideosWords(t *testing.T) {
	link := "[▶ Launch moves (0:04)](attachment:" + strings.Repeat("a", 64) + ` "poster attachment:` + strings.Repeat("b", 64) + `")`
	if got := store.Excerpt(link + "\n\nMore below."); got != "▶ Launch moves (0:04) More below." {
		t.Errorf("Excerpt=%q, want the video's words and the text", got)
	}
}
