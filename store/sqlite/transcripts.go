package sqlite

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/crdt"
	"github.com/longhand/longhand/store/membership"
)

// A video's transcript is a document of its own (store.TranscriptDocID of
// the video), synced like any other, whose entries are whole transcripts
// signed by a device's key. An Automerge change says nothing trustworthy
// of who made it, so the signature does: an entry counts only when it
// verifies, its device belongs (in the folded membership log) to the
// member it names, and that member is the video's author, as the stamp
// in the video's own bytes says. So the author's corrections reach
// everyone, and an edit from anyone else is read as nothing, however it
// arrives. Of the entries that count, the newest is the transcript.

// transcriptDomain starts every signed transcript, so that a signature
// made for it is good for nothing else.
var transcriptDomain = []byte("longhand transcript v1\x00")

// searchVideoBase numbers the search rows of transcripts (see
// migrations 0021 and 0025).
const searchVideoBase = 6000000000000

// maxTranscriptBody bounds one signed entry: 3000 words of 64 characters
// with their times fit.
const maxTranscriptBody = 512 << 10

// signedTranscript is what a device signs.
type signedTranscript struct {
	Video     string                 `json:"video"`
	Author    store.DocID            `json:"author"`
	Words     []store.TranscriptWord `json:"words"`
	Corrected bool                   `json:"corrected"`
	At        int64                  `json:"at"` // Unix ms
}

// videoAuthor returns who recorded a stored video ("" when Longhand did not
// record it), or ENOTFOUND when the video is not here.
func videoAuthor(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, hash string) (store.DocID, error) {
	var author store.DocID
	err := q.QueryRowContext(ctx, "SELECT coalesce(a.author, '') FROM videos v LEFT JOIN video_authors a USING (hash) WHERE hash = ?", hash).Scan(&author)
	if errors.Is(err, sql.ErrNoRows) {
		return "", store.Errorf(store.ENOTFOUND, "This video is not on this device.")
	}
	return author, err
}

// SaveTranscript stores a video's transcript as this device's signed
// entry: the machine's (corrected false) or its author's correction. Only
// the video's author may, from one of their devices.
func (db *DB) SaveTranscript(ctx context.Context, hash string, words []store.TranscriptWord, corrected bool) (*store.Transcript, error) {
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return nil, err
	}
	if err := store.ValidateTranscriptWords(words); err != nil {
		return nil, err
	}
	me, err := db.me(ctx)
	if err != nil {
		return nil, err
	}
	author, err := videoAuthor(ctx, db.db, hash)
	if err != nil {
		return nil, err
	}
	if author == "" || author != me {
		return nil, store.Errorf(store.EFORBIDDEN, "Only the person who recorded this video can change its transcript.")
	}
	if db.Signer == nil {
		return nil, store.Errorf(store.EUNAVAILABLE, "This device has no key yet, so it cannot sign a transcript.")
	}
	now := db.Now()
	body, err := json.Marshal(signedTranscript{Video: hash, Author: me, Words: words, Corrected: corrected, At: now.UnixMilli()})
	if err != nil {
		return nil, err
	}
	if len(body) > maxTranscriptBody {
		return nil, store.Errorf(store.EINVALID, "The transcript is too long to store.")
	}
	sig := db.Signer.Sign(append(bytes.Clone(transcriptDomain), body...))
	key := sha256.Sum256(body)
	e := crdt.TranscriptEntry{Key: hex.EncodeToString(key[:16]), Device: hex.EncodeToString(db.Signer.PublicKey()),
		Body: string(body), Sig: hex.EncodeToString(sig)}
	id := store.TranscriptDocID(hash)

	var exists bool
	if err := db.db.QueryRowContext(ctx, "SELECT EXISTS (SELECT 1 FROM docs WHERE id = ?)", id).Scan(&exists); err != nil {
		return nil, fmt.Errorf("find transcript %s: %w", hash[:12], err)
	}
	if exists {
		err = db.changeDoc(ctx, id, "transcribe", func(d *crdt.Doc) error {
			_, old, err := d.Transcript()
			if err != nil {
				return err
			}
			keys := make([]string, len(old))
			for i, o := range old {
				keys[i] = o.Key
			}
			return d.AddTranscriptEntry(e, keys)
		}, func(tx *sql.Tx, d *crdt.Doc) error { return materializeTranscript(ctx, tx, id, d) })
	} else {
		err = db.createTranscript(ctx, id, hash, e, now)
	}
	if err != nil {
		return nil, err
	}
	return db.FindTranscript(ctx, hash)
}

func (db *DB) createTranscript(ctx context.Context, id store.DocID, hash string, e crdt.TranscriptEntry, now time.Time) error {
	db.setupMu.Lock()
	defer db.setupMu.Unlock()
	d, err := crdt.NewTranscript(hash)
	if err != nil {
		return err
	}
	if err := d.AddTranscriptEntry(e, nil); err != nil {
		return err
	}
	if _, err := d.Commit(db.commitMessage(ctx, "transcribe"), now); err != nil {
		return err
	}
	return <-db.w.submit("", "", func(tx *sql.Tx) error {
		if err := insertDoc(ctx, tx, id, store.KindTranscript, d, now); err != nil {
			return err
		}
		return materializeTranscript(ctx, tx, id, d)
	})
}

// FindTranscript returns a video's transcript (ENOTFOUND while it has
// none).
func (db *DB) FindTranscript(ctx context.Context, hash string) (*store.Transcript, error) {
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return nil, err
	}
	if err := db.flushAll(ctx); err != nil {
		return nil, err
	}
	t := store.Transcript{Video: hash}
	var words string
	var at int64
	err := db.db.QueryRowContext(ctx, "SELECT author, words, corrected, made_at FROM transcripts WHERE video = ?", hash).
		Scan(&t.Author, &words, &t.Corrected, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, store.Errorf(store.ENOTFOUND, "This video has no transcript yet.")
	}
	if err != nil {
		return nil, fmt.Errorf("find transcript %s: %w", hash[:12], err)
	}
	if err := json.Unmarshal([]byte(words), &t.Words); err != nil {
		return nil, fmt.Errorf("find transcript %s: %w", hash[:12], err)
	}
	t.MadeAt = store.FromUnixMillis(at)
	return &t, nil
}

// VideoAuthor says who recorded a stored video ("" when Longhand did not
// record it).
func (db *DB) VideoAuthor(ctx context.Context, hash string) (store.DocID, error) {
	if err := store.ValidateAttachmentHash(hash); err != nil {
		return "", err
	}
	return videoAuthor(ctx, db.db, hash)
}

// materializeTranscript reads a transcript document's entries, keeps the
// ones whose signature and device check out, and refreshes the video's
// transcript. A document that is not the transcript of the video it
// names is read as nothing.
func materializeTranscript(ctx context.Context, tx *sql.Tx, id store.DocID, d *crdt.Doc) error {
	video, entries, err := d.Transcript()
	if err != nil {
		return err
	}
	if store.ValidateAttachmentHash(video) != nil || store.TranscriptDocID(video) != id {
		return nil
	}
	log, err := loadMembership(ctx, tx)
	if err != nil {
		return err
	}
	st, _ := membership.Fold(log)
	if _, err := tx.ExecContext(ctx, "DELETE FROM transcript_entries WHERE video = ?", video); err != nil {
		return err
	}
	for _, e := range entries {
		s, member, ok := verifyTranscriptEntry(st, video, e)
		if !ok {
			continue
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO transcript_entries (video, entry, member, at, corrected, body)
			VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`, video, e.Key, member, s.At, s.Corrected, e.Body)
		if err != nil {
			return err
		}
	}
	return refreshTranscript(ctx, tx, video)
}

// verifyTranscriptEntry checks one entry: its signature, the shape of what
// it signs, and that its device belongs to the member it names.
func verifyTranscriptEntry(st *membership.State, video string, e crdt.TranscriptEntry) (*signedTranscript, store.DocID, bool) {
	pub, err1 := hex.DecodeString(e.Device)
	sig, err2 := hex.DecodeString(e.Sig)
	if err1 != nil || err2 != nil || len(pub) != ed25519.PublicKeySize || len(sig) != ed25519.SignatureSize || len(e.Body) > maxTranscriptBody {
		return nil, "", false
	}
	if !ed25519.Verify(pub, append(bytes.Clone(transcriptDomain), e.Body...), sig) {
		return nil, "", false
	}
	var s signedTranscript
	dec := json.NewDecoder(strings.NewReader(e.Body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil || s.Video != video || s.Author.Validate() != nil || store.ValidateTranscriptWords(s.Words) != nil {
		return nil, "", false
	}
	dev := st.Devices[membership.DeviceIDOf(pub)]
	if dev == nil || dev.Member != s.Author {
		return nil, "", false
	}
	return &s, s.Author, true
}

// refreshTranscript makes a video's transcript its author's newest entry,
// and indexes its words for search; with no author or no entry of theirs
// the video has none.
func refreshTranscript(ctx context.Context, tx *sql.Tx, video string) error {
	var author store.DocID
	var summary string
	err := tx.QueryRowContext(ctx, "SELECT coalesce(a.author, ''), summary FROM videos v LEFT JOIN video_authors a USING (hash) WHERE hash = ?", video).Scan(&author, &summary)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var body string
	if author != "" {
		err = tx.QueryRowContext(ctx, `SELECT body FROM transcript_entries WHERE video = ? AND member = ?
			ORDER BY at DESC, entry DESC LIMIT 1`, video, author).Scan(&body)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM search WHERE rowid = (SELECT ? + n FROM transcripts WHERE video = ?)", searchVideoBase, video); err != nil {
		return err
	}
	if body == "" {
		_, err := tx.ExecContext(ctx, "DELETE FROM transcripts WHERE video = ?", video)
		return err
	}
	var s signedTranscript
	if err := json.Unmarshal([]byte(body), &s); err != nil {
		return err
	}
	words, err := json.Marshal(s.Words)
	if err != nil {
		return err
	}
	text := store.JoinWords(s.Words)
	var n int64
	err = tx.QueryRowContext(ctx, `INSERT INTO transcripts (video, author, words, text, corrected, made_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (video) DO UPDATE SET author = excluded.author, words = excluded.words, text = excluded.text,
			corrected = excluded.corrected, made_at = excluded.made_at
		RETURNING n`, video, author, string(words), text, s.Corrected, s.At).Scan(&n)
	if err != nil {
		return fmt.Errorf("store transcript: %w", err)
	}
	if summary == "" {
		summary = "Video"
	}
	_, err = tx.ExecContext(ctx, "INSERT INTO search (rowid, title, body, kind, doc_id) VALUES (?, ?, ?, 'video', ?)",
		searchVideoBase+n, summary, text, video)
	return err
}

// wordAt is where the first word of a transcript that matches the query is
// said: every query word matches whole, the last also as a prefix.
func wordAt(words []store.TranscriptWord, query []string) int64 {
	want := make([]string, len(query))
	for i, q := range query {
		want[i] = foldWord(q)
	}
	for _, w := range words {
		for _, part := range queryWords(w.Text) {
			if matchWord(foldWord(part), want) >= 0 {
				return w.Start
			}
		}
	}
	return 0
}
