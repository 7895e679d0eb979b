package sqlite

import (
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/longhand/longhand/store"
)

func TestPackedBodiesReadBack(t *testing.T) {
	long := strings.Repeat("The quokka memo is due on Friday; the numbat numbers are not. ", 40)
	for _, body := range []string{"", "short", long, strings.Repeat("日本語のテキスト、", 200), strings.Repeat("x", 500_000)} {
		packed := packBody(body)
		got, err := unpackBody(packed)
		if err != nil || got != body {
			t.Fatalf("%.20q: read back %.20q, %v", body, got, err)
		}
		if len(body) >= minDeflate && len(body) <= maxDeflate && len(packed) >= len(body) {
			t.Errorf("%.20q: %d bytes packed, %d plain", body, len(packed), len(body))
		}
	}
	// An excerpt reads the start alone, cut to whole characters.
	body := strings.Repeat("é", 1000)
	for _, packed := range [][]byte{packBody(body), append([]byte{bodyPlain}, body...)} {
		got, err := unpackBodyStart(packed, 7)
		if err != nil || got != "ééé" {
			t.Errorf("first 7 bytes of %d packed: %q, %v; want three whole characters", packed[0], got, err)
		}
	}
}

// Bytes packBody did not make give errDamagedBody, never a panic or other
// text: a flipped bit anywhere, a cut, an unknown packing, a bomb.
func TestDamagedBodiesAreRefused(t *testing.T) {
	body := strings.Repeat("Some words to carry, as pages have. ", 20)
	packed := packBody(body)
	if packed[0] != bodyDeflated {
		t.Fatal("want a deflated body to damage")
	}
	for i := 1; i < len(packed); i++ {
		for bit := 0; bit < 8; bit++ {
			bad := bytes.Clone(packed)
			bad[i] ^= 1 << bit
			if got, err := unpackBody(bad); err == nil && got != body {
				t.Fatalf("bit %d of byte %d flipped: read back other text without an error", bit, i)
			} else if err != nil && !errors.Is(err, errDamagedBody) {
				t.Fatalf("bit %d of byte %d flipped: %v, want errDamagedBody", bit, i, err)
			}
		}
	}
	var bomb bytes.Buffer
	bomb.Write([]byte{bodyDeflated, 0, 0, 0, 0})
	w, _ := flate.NewWriter(&bomb, flate.BestCompression)
	w.Write(make([]byte, maxUnpacked+1))
	w.Close()
	for name, bad := range map[string][]byte{
		"empty": {}, "cut": packed[:len(packed)/2], "header only": packed[:3],
		"unknown packing": append([]byte{9}, body...), "not UTF-8": {bodyPlain, 0xff, 0xfe}, "bomb": bomb.Bytes(),
	} {
		if _, err := unpackBody(bad); !errors.Is(err, errDamagedBody) {
			t.Errorf("%s: %v, want errDamagedBody", name, err)
		}
	}
}

func FuzzUnpackBody(f *testing.F) {
	f.Add(packBody(strings.Repeat("fuzz the packed body ", 10)))
	f.Add([]byte{bodyPlain, 'h', 'i'})
	f.Fuzz(func(t *testing.T, packed []byte) {
		body, err := unpackBody(packed)
		if err == nil {
			if got, err := unpackBody(packBody(body)); err != nil || got != body {
				t.Fatalf("%q does not pack and read back: %q, %v", body, got, err)
			}
		}
		unpackBodyStart(packed, 10)
	})
}

// BenchmarkPackBody is what packing and unpacking a row's body costs: a
// 150-word page (as BenchmarkSearch makes them), 20 KB, and the longest
// body that is deflated.
func BenchmarkPackBody(b *testing.B) {
	// Words as BenchmarkSearch makes them: pronounceable, common ones
	// more often.
	r := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 20000)
	for i := range vocab {
		var w []byte
		for k := 2 + r.IntN(3); k > 0; k-- {
			w = append(w, "bcdfghjklmnprstvz"[r.IntN(17)], "aeiou"[r.IntN(5)])
		}
		vocab[i] = string(w)
	}
	z := rand.NewZipf(r, 1.1, 1, uint64(len(vocab)-1))
	var sb strings.Builder
	for sb.Len() < 1<<20 {
		sb.WriteString(vocab[z.Uint64()])
		sb.WriteByte(' ')
	}
	text := sb.String()
	for _, n := range []int{1082, 20 << 10, maxDeflate} {
		body := text[:n]
		b.Run(strconv.Itoa(n)+"/pack", func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				packBody(body)
			}
			b.ReportMetric(float64(len(packBody(body)))/float64(n), "packed/plain")
		})
		packed := packBody(body)
		b.Run(strconv.Itoa(n)+"/unpack", func(b *testing.B) {
			b.SetBytes(int64(n))
			for b.Loop() {
				unpackBody(packed)
			}
		})
	}
}

// Lists make a page's excerpt from its first 600 characters, as they did
// when SQL cut the plain body, whether the body is deflated or, too long
// for that, kept plain.
func TestListsReadTheStartOfTheBody(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "longhand.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.CreateWorkspace(ctx, "", "Ada Lovelace", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	spaces, _ := db.FindSpaces(ctx)
	for _, n := range []int{10, 1000, maxDeflate} {
		body := strings.Repeat("\n", 590) + strings.Repeat("ü", n)
		p, err := db.CreatePage(ctx, store.NewPage{Title: "Long", Body: body, Space: spaces[0].ID})
		if err != nil {
			t.Fatal(err)
		}
		list, err := db.FindPages(ctx, store.PageFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := store.Excerpt(body[:590+10*2])
		for _, s := range list {
			if s.ID == p.ID && s.Excerpt != want {
				t.Errorf("%d characters: excerpt %q, want %q", n, s.Excerpt, want)
			}
		}
	}
}
