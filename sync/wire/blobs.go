package wire

import (
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"io"
)

// Frames of the blob step, after the documents: each side in turn says
// which files it lacks, the other answers with the manifests of those it
// has and may share, then the asker names the chunks it lacks and the
// other sends them, ending its turn with TypeTurnEnd.
const (
	TypeBlobWant      Type = 8  // hashes of files the sender lacks
	TypeBlobManifests Type = 9  // manifests of some of the files asked for
	TypeChunkWant     Type = 10 // hashes of chunks the sender lacks
	TypeChunk         Type = 11 // one chunk: its hash and bytes
)

// HashLen is the length of a file's or a chunk's SHA-256.
const HashLen = 32

// MaxHashes is the most hashes one want frame may list.
const MaxHashes = MaxFrame / HashLen

// Manifest is a file's manifest on the wire: hashes are hex, as the store
// keeps them.
type Manifest struct {
	Hash   string
	Size   int64
	Mime   string
	Name   string
	Chunks []string
}

// EncodeHashes encodes a list of hex SHA-256 hashes as their bytes.
func EncodeHashes(hs []string) ([]byte, error) {
	out := make([]byte, 0, len(hs)*HashLen)
	for _, h := range hs {
		b, err := hex.DecodeString(h)
		if err != nil || len(b) != HashLen {
			return nil, fmt.Errorf("%q is not a SHA-256 hash", h)
		}
		out = append(out, b...)
	}
	return out, nil
}

// DecodeHashes decodes a list of hashes.
func DecodeHashes(p []byte) ([]string, error) {
	if len(p)%HashLen != 0 {
		return nil, fmt.Errorf("hash list: %d bytes is not a whole number of hashes", len(p))
	}
	out := make([]string, len(p)/HashLen)
	for i := range out {
		out[i] = hex.EncodeToString(p[i*HashLen : (i+1)*HashLen])
	}
	return out, nil
}

// AppendManifest appends one manifest's encoding to b.
func AppendManifest(b []byte, m Manifest) ([]byte, error) {
	h, err := EncodeHashes(append([]string{m.Hash}, m.Chunks...))
	if err != nil {
		return nil, err
	}
	b = append(b, h[:HashLen]...)
	b = binary.AppendUvarint(b, uint64(m.Size))
	b = binary.AppendUvarint(b, uint64(len(m.Mime)))
	b = append(b, m.Mime...)
	b = binary.AppendUvarint(b, uint64(len(m.Name)))
	b = append(b, m.Name...)
	b = binary.AppendUvarint(b, uint64(len(m.Chunks)))
	return append(b, h[HashLen:]...), nil
}

// DecodeManifests decodes the manifests of a TypeBlobManifests frame. Only
// their shape is checked here; the store checks that each is consistent.
func DecodeManifests(p []byte) ([]Manifest, error) {
	var out []Manifest
	str := func(max uint64) (string, error) {
		n, k := uvarint(p)
		if k <= 0 || n > max || n > uint64(len(p)-k) {
			return "", fmt.Errorf("manifest: bad string length")
		}
		s := string(p[k : k+int(n)])
		p = p[k+int(n):]
		return s, nil
	}
	for len(p) > 0 {
		var m Manifest
		if len(p) < HashLen {
			return nil, fmt.Errorf("manifest: %w", errShort)
		}
		m.Hash = hex.EncodeToString(p[:HashLen])
		p = p[HashLen:]
		size, k := uvarint(p)
		if k <= 0 || size > 1<<42 {
			return nil, fmt.Errorf("manifest: bad size")
		}
		m.Size, p = int64(size), p[k:]
		var err error
		if m.Mime, err = str(100); err != nil {
			return nil, err
		}
		if m.Name, err = str(800); err != nil {
			return nil, err
		}
		n, k := uvarint(p)
		if k <= 0 || n > uint64(len(p)-k)/HashLen {
			return nil, fmt.Errorf("manifest: bad chunk count")
		}
		p = p[k:]
		if m.Chunks, err = DecodeHashes(p[:n*HashLen]); err != nil {
			return nil, err
		}
		p = p[n*HashLen:]
		out = append(out, m)
	}
	return out, nil
}

// EncodeChunk encodes one chunk.
func EncodeChunk(hash string, data []byte) ([]byte, error) {
	h, err := EncodeHashes([]string{hash})
	if err != nil {
		return nil, err
	}
	return append(h, data...), nil
}

// ChunkWriter writes chunk frames through one buffer it keeps: sending a
// file then copies each chunk once and allocates nothing per chunk, where
// EncodeChunk and WriteFrame copy it twice into two new buffers. Its
// frames are WriteFrame's.
type ChunkWriter struct{ buf []byte }

// WriteChunk writes one chunk frame: its hash and bytes.
func (cw *ChunkWriter) WriteChunk(w io.Writer, hash string, data []byte) error {
	n := HashLen + len(data)
	if n > MaxFrame {
		return ErrFrameTooLarge
	}
	b := append(cw.buf[:0], byte(TypeChunk))
	b = binary.AppendUvarint(b, uint64(n))
	start := len(b)
	b, err := hex.AppendDecode(b, []byte(hash))
	if err != nil || len(b)-start != HashLen {
		return fmt.Errorf("%q is not a SHA-256 hash", hash)
	}
	b = append(b, data...)
	cw.buf = b
	_, err = w.Write(b)
	return err
}

// DecodeChunk decodes one chunk; its bytes are checked against its hash by the store.
func DecodeChunk(p []byte) (string, []byte, error) {
	if len(p) <= HashLen {
		return "", nil, fmt.Errorf("chunk: %w", errShort)
	}
	return hex.EncodeToString(p[:HashLen]), p[HashLen:], nil
}
