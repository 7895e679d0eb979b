package notify

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/longhand/longhand/store"
)

// Action is what to do with a notification.
type Action int

const (
	Show   Action = iota // show it now
	Hold                 // keep it until the person's working hours start
	Digest               // fold it into the digest when focus ends
)

func (a Action) String() string {
	switch a {
	case Show:
		return "show"
	case Hold:
		return "hold"
	case Digest:
		return "digest"
	}
	return fmt.Sprintf("Action(%d)", int(a))
}

// Decision says what to do with a notification, and until when.
type Decision struct {
	Action Action
	Until  time.Time // for Hold and Digest: when to decide again
}

// Block is a recurring focus block (store.FocusBlock).
type Block = store.FocusBlock

// Weekdays is Monday to Friday.
var Weekdays = store.Weekdays

// Settings are a person's choices about notifications
// (store.NotifySettings): whether direct mentions break through, the
// recurring focus blocks, and until when blocks are off because the person
// stopped focus in the middle of one.
type Settings = store.NotifySettings

// Person is what the policy needs of the person notified: their zone and
// working hours, and their focus session.
type Person = store.Member

// Note is one notification, as the policy sees it.
type Note struct {
	Mention bool // a direct mention of the person: may break through
}

// Decide says what to do, at now, with a notification for a person.
//
// In focus (a session, or a recurring block), notifications go into the
// digest at focus end, and direct mentions are shown if the person
// allowed it. Outside working hours they wait until the hours start, with
// the same exception. Otherwise they are shown.
func Decide(now time.Time, p *Person, s Settings, n Note) Decision {
	if end, ok := FocusEnd(now, p, s); ok {
		if n.Mention && s.MentionsBreakThrough {
			return Decision{Action: Show}
		}
		return Decision{Action: Digest, Until: end}
	}
	if !store.InWorkingHours(p, now) {
		if n.Mention && s.MentionsBreakThrough {
			return Decision{Action: Show}
		}
		return Decision{Action: Hold, Until: store.NextWorkStart(p, now)}
	}
	return Decision{Action: Show}
}

// FocusEnd reports whether the person is focusing at now, and when that
// focus ends: their session and any recurring blocks that run on from it
// or overlap it count as one stretch.
func FocusEnd(now time.Time, p *Person, s Settings) (time.Time, bool) {
	end := now
	if p.FocusUntil.After(end) {
		end = p.FocusUntil
	}
	// A block that covers the end of the stretch so far extends it; at
	// most a week of chained blocks.
	for i := 0; i < 14; i++ {
		_, bEnd, ok := BlockAt(end, p.Location(), s)
		if !ok || !bEnd.After(end) {
			break
		}
		end = bEnd
	}
	return end, end.After(now)
}

// BlockAt returns the recurring block going on at t in zone loc, if any:
// its start and end as instants. Blocks before s.BlocksOffUntil do not
// count. Of several, the one that ends last.
func BlockAt(t time.Time, loc *time.Location, s Settings) (start, end time.Time, ok bool) {
	if t.Before(s.BlocksOffUntil) {
		return time.Time{}, time.Time{}, false
	}
	local := t.In(loc)
	for _, b := range s.Blocks {
		length := b.End - b.Start
		if length <= 0 {
			length += 24 * 60
		}
		// Today's block, or yesterday's one that runs past midnight.
		for back := 0; back <= 1; back++ {
			day := time.Date(local.Year(), local.Month(), local.Day()-back, 0, 0, 0, 0, loc)
			if !b.Days[day.Weekday()] {
				continue
			}
			bs := time.Date(day.Year(), day.Month(), day.Day(), b.Start/60, b.Start%60, 0, 0, loc)
			be := time.Date(day.Year(), day.Month(), day.Day(), (b.Start+length)/60, (b.Start+length)%60, 0, 0, loc)
			if !t.Before(bs) && t.Before(be) && (!ok || be.After(end)) {
				start, end, ok = bs, be, true
			}
		}
	}
	return start, end, ok
}

// Item is a held notification, for a digest.
type Item struct {
	Kind  string // an inbox kind: mention, reply, review, ...
	Title string
}

// Why says why several notifications come as one.
type Why int

const (
	Arrived    Why = iota // many arrived at once, as from a first sync
	AfterFocus            // they were held through focus
	AfterHours            // they were held until working hours
)

// DigestText is the title and body of one notification for several:
// "3 notifications while you were focusing" / "2 mentions, 1 review request".
func DigestText(items []Item, why Why) (title, body string) {
	counts := map[string]int{}
	for _, it := range items {
		counts[kindNoun(it.Kind)]++
	}
	nouns := make([]string, 0, len(counts))
	for k := range counts {
		nouns = append(nouns, k)
	}
	sort.Slice(nouns, func(i, j int) bool {
		if counts[nouns[i]] != counts[nouns[j]] {
			return counts[nouns[i]] > counts[nouns[j]]
		}
		return nouns[i] < nouns[j]
	})
	var parts []string
	for _, k := range nouns {
		n := counts[k]
		if n == 1 {
			parts = append(parts, "1 "+k)
		} else {
			parts = append(parts, fmt.Sprintf("%d %s", n, plural(k)))
		}
	}
	switch why {
	case AfterFocus:
		title = fmt.Sprintf("%d notifications while you were focusing", len(items))
	case AfterHours:
		title = fmt.Sprintf("%d notifications while you were away", len(items))
	default:
		title = fmt.Sprintf("%d new notifications", len(items))
	}
	return title, strings.Join(parts, ", ")
}

func kindNoun(kind string) string {
	switch kind {
	case "mention", "post-mention":
		return "mention"
	case "comment":
		return "comment"
	case "reply", "post-reply":
		return "reply"
	case "review":
		return "review request"
	case "checkin":
		return "check-in comment"
	case "ack":
		return "announcement"
	case "checkin-due":
		return "check-in reminder"
	}
	return "update"
}

func plural(noun string) string {
	if noun == "reply" {
		return "replies"
	}
	return noun + "s"
}
