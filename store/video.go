package store

import (
	"crypto/ed25519"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// MaxVideoLength is the longest a video message may be.
const MaxVideoLength = 3 * time.Minute

// VideoLengthTolerance is how far past MaxVideoLength a video's container
// may put its end and still count as three minutes. A recorder stopped at
// 3:00 exactly still writes the frame and the audio packet it was in: the
// last video frame runs up to 1/15 s past the stop at the lowest frame rate
// a recorder uses, an Opus packet 60 ms at most, and WebM rounds times to
// its timecode scale (1 ms). A quarter of a second covers all three; a
// 3:01 video is well outside it.
const VideoLengthTolerance = 250 * time.Millisecond

// MaxTakes is how many times a video message may be recorded: a first
// take, and one more if the first will not do. The second is final.
const MaxTakes = 2

// MaxSummary is the longest the one-line summary of a video may be, in
// characters.
const MaxSummary = 200

// VideoMeta is what Longhand writes into a video message it records, and
// reads back from every video that arrives: which take it was, and the
// line that says what the viewer should take away.
type VideoMeta struct {
	Take    int    `json:"take"`
	Summary string `json:"summary"`
	// Author is the member who recorded it: the one who may correct its
	// transcript. The hash of the file covers it, so it cannot be changed
	// without making another file.
	Author DocID `json:"author,omitempty"`
}

// Video is a video file as Longhand reads it from its bytes.
type Video struct {
	Mime     string        // video/webm or video/mp4
	Length   time.Duration // the end of its last frame or sample
	Meta     *VideoMeta    // nil for a video Longhand did not record
	HasVideo bool          // it has a picture, not only sound
}

// ValidateVideoLength refuses a video longer than three minutes.
func ValidateVideoLength(d time.Duration) error {
	if d > MaxVideoLength+VideoLengthTolerance {
		return Errorf(EINVALID, "This video is %s long; a video message can be at most %s.", FormatLength(d), FormatLength(MaxVideoLength))
	}
	return nil
}

// ValidateTake refuses any take but the first two.
func ValidateTake(take int) error {
	if take < 1 || take > MaxTakes {
		return Errorf(EINVALID, "A video message is recorded in at most %d takes; this one says it is take %d.", MaxTakes, take)
	}
	return nil
}

// CleanSummary returns a video's summary trimmed, or an error when it is
// empty, longer than MaxSummary characters or more than one line.
func CleanSummary(s string) (string, error) {
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return "", Errorf(EINVALID, "Write one line saying what the viewer should take away from this video.")
	case !utf8.ValidString(s):
		return "", Errorf(EINVALID, "The summary is not valid text.")
	case strings.ContainsAny(s, "\r\n"):
		return "", Errorf(EINVALID, "The summary is one line; it has line breaks.")
	case utf8.RuneCountInString(s) > MaxSummary:
		return "", Errorf(EINVALID, "The summary is %d characters; one line is at most %d.", utf8.RuneCountInString(s), MaxSummary)
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "", Errorf(EINVALID, "The summary has a control character in it.")
		}
	}
	return s, nil
}

// Validate checks a video as it arrives, however it arrives: at most three
// minutes long, and when Longhand recorded it, take one or two with a
// summary.
func (v *Video) Validate() error {
	if err := ValidateVideoLength(v.Length); err != nil {
		return err
	}
	if v.Meta == nil {
		return nil
	}
	if err := ValidateTake(v.Meta.Take); err != nil {
		return err
	}
	if v.Meta.Author != "" {
		if err := v.Meta.Author.Validate(); err != nil {
			return Errorf(EINVALID, "This video's stamp names no member as its author.")
		}
	}
	_, err := CleanSummary(v.Meta.Summary)
	return err
}

// FormatLength writes a duration as m:ss, rounded down to the second
// unless it is less than a second past one.
func FormatLength(d time.Duration) string {
	s := int64(d / time.Second)
	if ms := d % time.Second; ms > 0 && s%60 == 0 && s > 0 {
		return fmt.Sprintf("%d:%02d.%03d", s/60, s%60, ms/time.Millisecond)
	}
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

// SeenAfter is how long a video plays before its viewer counts as having
// seen it: long enough that opening and closing it by mistake does not.
const SeenAfter = 3 * time.Second

// VideoMark says that a member watched a video message, signed by one of
// the member's devices. It is kept in the member's own document (synced
// like any other), so that "seen by" needs nothing new in sync; since
// any member can change any document, a mark counts only when its
// signature checks against a device the membership log gives to the very
// member whose document holds it: nobody can mark another person.
type VideoMark struct {
	Video  string    // the video's hash
	Member DocID     // who watched it: the member whose document holds the mark
	Device string    // the signing device's ID, hex
	At     time.Time // when, to the millisecond
	Sig    []byte    // Ed25519 over SeenMessage
}

// SeenMessage is what a device signs to mark a video seen: the workspace,
// the video, the member and the time, behind a label no other signature
// in Longhand uses.
func SeenMessage(workspace DocID, video string, member DocID, at time.Time) []byte {
	var b []byte
	b = append(b, "longhand video seen v1\x00"...)
	for _, s := range []string{string(workspace), video, string(member)} {
		b = append(b, s...)
		b = append(b, 0)
	}
	return binary.BigEndian.AppendUint64(b, uint64(UnixMillis(at)))
}

// Token writes a mark as the string its member document holds under the
// video's hash: device, time and signature.
func (m VideoMark) Token() string {
	return m.Device + "." + strconv.FormatInt(UnixMillis(m.At), 10) + "." + base64.RawURLEncoding.EncodeToString(m.Sig)
}

// ParseVideoMark reads the mark a member document holds for a video. It
// checks the shape only; the signature is checked against the membership
// log where the mark is read.
func ParseVideoMark(video string, member DocID, token string) (VideoMark, error) {
	bad := Errorf(EINVALID, "A video's seen mark is malformed.")
	if ValidateAttachmentHash(video) != nil || len(token) > 200 {
		return VideoMark{}, bad
	}
	dev, rest, ok1 := strings.Cut(token, ".")
	at, sig, ok2 := strings.Cut(rest, ".")
	if !ok1 || !ok2 || ValidateAttachmentHash(dev) != nil {
		return VideoMark{}, bad
	}
	ms, err := strconv.ParseInt(at, 10, 64)
	if err != nil || ms <= 0 {
		return VideoMark{}, bad
	}
	s, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || len(s) != 64 {
		return VideoMark{}, bad
	}
	return VideoMark{Video: video, Member: member, Device: dev, At: FromUnixMillis(ms), Sig: s}, nil
}

// VideoSeen is who a video message was sent to and who of them watched it.
type VideoSeen struct {
	// Audience is the people the video was sent to: the members of the
	// channel or chat it was posted in, everyone for a page or a check-in;
	// whoever sent it is left out.
	Audience []DocID
	Seen     []Seen // those of the audience who watched it, earliest first
}

// Signer is a device's key, which signs what it says for its member.
type Signer interface {
	PublicKey() ed25519.PublicKey
	Sign(msg []byte) []byte
}

// VideoLink is a video message as Markdown names it: the link the
// recorder writes, [▶ summary (m:ss)](attachment:<video> "poster attachment:<poster>").
type VideoLink struct {
	Video   string // the video's hash
	Poster  string // its thumbnail's hash, or ""
	Summary string // the link's words without the ▶: the summary and the length
}

var videoLink = regexp.MustCompile(`\[▶ ([^\]\n]{0,240})\]\(attachment:([0-9a-f]{64})(?: "poster attachment:([0-9a-f]{64})")?\)`)

// FirstVideoLink returns the first video message a text names, or nil.
func FirstVideoLink(text string) *VideoLink {
	m := videoLink.FindStringSubmatch(text)
	if m == nil {
		return nil
	}
	return &VideoLink{Video: m[2], Poster: m[3], Summary: strings.TrimSpace(m[1])}
}
