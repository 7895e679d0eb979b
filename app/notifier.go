package app

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/notify"
)

// Notification is one desktop notification.
type Notification struct {
	ID    string // stable: an inbox item's key, or "digest"
	Title string
	Body  string
	Open  string // what clicking it opens: an inbox item's key, or "" for the inbox
}

// NotificationSender shows desktop notifications: Wails' native API in
// the app, a D-Bus client of org.freedesktop.Notifications in tests.
type NotificationSender interface {
	Send(n Notification) error
}

// FocusState is what the tray shows.
type FocusState struct {
	Focusing    bool
	Until       time.Time // the end of focus, blocks included
	Unread      int       // frozen while focusing: focus never changes the badge
	NextCheckIn time.Time // zero when none is scheduled
	Zone        string    // my time zone (IANA), for showing times
	Hour12      bool      // I read clock times in 12 hours
	WorkEnd     time.Time // the end of my working day, when I am in it
}

func (s FocusState) equal(o FocusState) bool {
	return s.Focusing == o.Focusing && s.Until.Equal(o.Until) && s.Unread == o.Unread &&
		s.NextCheckIn.Equal(o.NextCheckIn) && s.Zone == o.Zone && s.Hour12 == o.Hour12 &&
		s.WorkEnd.Equal(o.WorkEnd)
}

// EventNotificationOpen carries a NotificationOpen when a desktop
// notification is clicked: the window opens the item.
const EventNotificationOpen = "notification:open"

// NotificationOpen is the payload of EventNotificationOpen.
type NotificationOpen struct {
	Key string `json:"key"` // an inbox item's key; "" opens the inbox
}

// notifierPoll is the longest the notifier sleeps: changes that arrive
// with no event (from a peer, or a clock change) are noticed within it.
const notifierPoll = time.Minute

// Notifier turns new inbox items (my check-in coming due among them: the
// reminder's event wakes it) into desktop
// notifications, through the policy in store/notify: shown now, held until
// my working hours start, or folded into one digest when my focus ends.
// What it holds is kept in the database and survives a restart.
type Notifier struct {
	inbox   store.InboxService
	notes   store.NotifyService
	ws      store.WorkspaceService
	members store.MemberService
	goals   store.GoalService // for the next check-in; may be nil
	events  Emitter
	clock   Clock
	logf    func(format string, args ...any)
	wake    chan struct{}

	mu      sync.Mutex
	sender  NotificationSender
	onState func(FocusState)
	unread  int // the count before focus began
	state   FocusState
	// noticed holds the keys already recorded as considered, per member,
	// so that a check with nothing new writes nothing.
	noticed   map[string]bool
	noticedBy store.DocID
	// blockUntil is the end of the session a recurring block started.
	blockUntil time.Time
}

// NewNotifier returns a notifier; Run starts it.
func NewNotifier(inbox store.InboxService, notes store.NotifyService, ws store.WorkspaceService, members store.MemberService,
	goals store.GoalService, events Emitter, clock Clock, logf func(string, ...any)) *Notifier {
	return &Notifier{inbox: inbox, notes: notes, ws: ws, members: members, goals: goals, events: events, clock: clock,
		logf: logf, wake: make(chan struct{}, 1)}
}

// SetSender sets where notifications go; nil holds them all (no desktop
// notifications on this system).
func (n *Notifier) SetSender(s NotificationSender) {
	n.mu.Lock()
	n.sender = s
	n.mu.Unlock()
	n.Wake()
}

// OnState sets a function called with the focus state whenever it may
// have changed, from the notifier's goroutine.
func (n *Notifier) OnState(f func(FocusState)) {
	n.mu.Lock()
	n.onState = f
	n.mu.Unlock()
	n.Wake()
}

// State returns the last focus state worked out.
func (n *Notifier) State() FocusState {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.state
}

// Wake makes the notifier look again now.
func (n *Notifier) Wake() {
	select {
	case n.wake <- struct{}{}:
	default:
	}
}

// FocusChanged is told when I start or stop focus by hand. Stopping in the
// middle of a recurring block ends that block too.
func (n *Notifier) FocusChanged(ctx context.Context, until time.Time) {
	if until.IsZero() {
		now := n.clock.Now()
		if me, s, err := n.me(ctx); err == nil {
			if _, end, ok := notify.BlockAt(now, me.Location(), s); ok {
				s.BlocksOffUntil = end
				if err := n.notes.UpdateNotifySettings(ctx, s); err != nil {
					n.logf("notifier: stop focus block: %v", err)
				}
			}
		}
	}
	n.Wake()
}

// Run notifies until ctx ends.
func (n *Notifier) Run(ctx context.Context) {
	for {
		wait := n.Check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-n.wake:
		case <-n.clock.After(wait):
		}
	}
}

func (n *Notifier) me(ctx context.Context) (*store.Member, store.NotifySettings, error) {
	sess, err := n.ws.FindSession(ctx)
	if err != nil {
		return nil, store.NotifySettings{}, err
	}
	if sess.Me == nil {
		return nil, store.NotifySettings{}, store.Errorf(store.EFORBIDDEN, "Set up your profile first.")
	}
	s, err := n.notes.FindNotifySettings(ctx)
	return sess.Me, s, err
}

// Check does one round: recurring blocks, new items, held ones that are
// due. It returns how long to sleep. Exported for tests, which drive it
// with a fake clock; it must not run concurrently with itself or Run.
func (n *Notifier) Check(ctx context.Context) time.Duration {
	now := n.clock.Now()
	me, s, err := n.me(ctx)
	if err != nil {
		return notifierPoll // not set up yet, or the data is unavailable
	}
	me = n.startBlock(ctx, me, s, now)

	items, err := n.inbox.FindInbox(ctx, store.InboxFilter{})
	if err != nil {
		n.logf("notifier: read inbox: %v", err)
		return notifierPoll
	}
	open := map[string]store.InboxItem{}
	keys := make([]string, 0, len(items))
	for _, it := range items {
		open[it.Key] = it
		keys = append(keys, it.Key)
	}
	fresh, err := n.notice(ctx, me.ID, keys)
	if err != nil {
		n.logf("notifier: %v", err)
		return notifierPoll
	}
	names := n.names(ctx)
	var notes []store.HeldNote
	for _, k := range fresh {
		if it := open[k]; !it.Read {
			notes = append(notes, noteFor(it, names))
		}
	}
	n.mu.Lock()
	sender := n.sender
	n.mu.Unlock()

	// New notes: shown or held.
	var show []store.HeldNote
	for _, note := range notes {
		d := notify.Decide(now, me, s, notify.Note{Mention: note.Mention})
		if d.Action == notify.Show && sender != nil {
			show = append(show, note)
			continue
		}
		note.Until, note.Digest = d.Until, d.Action == notify.Digest
		if d.Action == notify.Show { // no sender yet: keep it for when there is one
			note.Until = now
		}
		if err := n.notes.HoldNote(ctx, note); err != nil {
			n.logf("notifier: hold: %v", err)
		}
	}
	n.send(sender, show, notify.Arrived)

	// Held notes: released together when the policy says so, dropped when
	// the item was read or cleared meanwhile.
	held, err := n.notes.FindHeldNotes(ctx)
	if err != nil {
		n.logf("notifier: %v", err)
		return notifierPoll
	}
	var release []store.HeldNote
	var drop []string
	why := notify.AfterHours
	wait := notifierPoll
	for _, h := range held {
		if it, ok := open[h.Item]; !ok || it.Read {
			drop = append(drop, h.Item)
			continue
		}
		d := notify.Decide(now, me, s, notify.Note{Mention: h.Mention})
		if d.Action == notify.Show && sender != nil {
			release = append(release, h)
			if h.Digest {
				why = notify.AfterFocus
			}
			continue
		}
		if d.Action != notify.Show && (!d.Until.Equal(h.Until) || h.Digest != (d.Action == notify.Digest)) {
			h.Until, h.Digest = d.Until, d.Action == notify.Digest
			if err := n.notes.HoldNote(ctx, h); err != nil {
				n.logf("notifier: hold: %v", err)
			}
		}
		if w := d.Until.Sub(now); d.Action != notify.Show && w < wait {
			wait = w
		}
	}
	if len(release) > 0 {
		n.send(sender, release, why)
		for _, h := range release {
			drop = append(drop, h.Item)
		}
	}
	if len(drop) > 0 {
		if err := n.notes.DeleteHeldNotes(ctx, drop); err != nil {
			n.logf("notifier: %v", err)
		}
	}

	// What the tray shows; the unread count stays as it was while focusing.
	end, focusing := notify.FocusEnd(now, me, s)
	st := FocusState{Focusing: focusing, Zone: me.Location().String(), Hour12: me.Clock().Hour12}
	st.WorkEnd, _ = store.WorkingUntil(me, now)
	if focusing {
		st.Until = end
		if w := end.Sub(now); w < wait {
			wait = w
		}
	}
	if _, bEnd, ok := notify.BlockAt(now, me.Location(), s); ok && bEnd.Sub(now) < wait {
		wait = bEnd.Sub(now)
	}
	if next, ok := nextBlockStart(now, me.Location(), s); ok && next.Sub(now) < wait {
		wait = next.Sub(now)
	}
	unread := 0
	for _, it := range items {
		if !it.Read {
			unread++
		}
	}
	if n.goals != nil {
		if v, err := scheduleOf(ctx, n.goals, me, now); err == nil {
			st.NextCheckIn, _ = time.Parse(time.RFC3339Nano, v.Next)
		}
	}
	n.mu.Lock()
	if !focusing {
		n.unread = unread
	}
	st.Unread = n.unread
	changed := !st.equal(n.state)
	n.state = st
	onState := n.onState
	n.mu.Unlock()
	if changed && onState != nil {
		onState(st)
	}
	if wait <= 0 {
		wait = time.Millisecond
	}
	return wait
}

// notice records keys as considered and returns those that are new; keys
// this notifier has recorded before are not written again.
func (n *Notifier) notice(ctx context.Context, me store.DocID, keys []string) ([]string, error) {
	if n.noticedBy != me {
		n.noticed, n.noticedBy = nil, me
	}
	var unknown []string
	for _, k := range keys {
		if !n.noticed[k] {
			unknown = append(unknown, k)
		}
	}
	if n.noticed != nil && len(unknown) == 0 {
		return nil, nil
	}
	fresh, err := n.notes.NoticeItems(ctx, unknown)
	if err != nil {
		return nil, err
	}
	if n.noticed == nil {
		n.noticed = map[string]bool{}
	}
	for _, k := range unknown {
		n.noticed[k] = true
	}
	return fresh, nil
}

// startBlock starts a focus session for a recurring block that has begun,
// so that the team sees it like any other, and ends the session it started
// when I remove or change that block. It returns me as I am now.
func (n *Notifier) startBlock(ctx context.Context, me *store.Member, s store.NotifySettings, now time.Time) *store.Member {
	_, end, ok := notify.BlockAt(now, me.Location(), s)
	if started := n.blockUntil; !started.IsZero() && me.FocusUntil.Equal(started) && started.After(now) && (!ok || !end.Equal(started)) {
		n.blockUntil = time.Time{}
		m, err := n.members.SetFocus(ctx, time.Time{})
		if err != nil {
			n.logf("notifier: end focus block: %v", err)
			return me
		}
		n.events.Emit(EventMemberChanged, memberView(m))
		me = m
	}
	if !ok || !me.FocusUntil.Before(end) {
		return me
	}
	if end.Sub(now) > store.MaxFocus {
		end = now.Add(store.MaxFocus)
	}
	m, err := n.members.SetFocus(ctx, end)
	if err != nil {
		n.logf("notifier: start focus block: %v", err)
		return me
	}
	n.blockUntil = m.FocusUntil
	n.events.Emit(EventMemberChanged, memberView(m))
	return m
}

// nextBlockStart is when the next recurring block starts, within a day.
func nextBlockStart(now time.Time, loc *time.Location, s store.NotifySettings) (time.Time, bool) {
	var best time.Time
	for _, b := range s.Blocks {
		local := now.In(loc)
		for ahead := 0; ahead <= 1; ahead++ {
			day := time.Date(local.Year(), local.Month(), local.Day()+ahead, 0, 0, 0, 0, loc)
			if !b.Days[day.Weekday()] {
				continue
			}
			t := time.Date(day.Year(), day.Month(), day.Day(), b.Start/60, b.Start%60, 0, 0, loc)
			if t.After(now) && (best.IsZero() || t.Before(best)) {
				best = t
			}
		}
	}
	return best, !best.IsZero()
}

// send shows notes: each on its own, or, for more than three at once or
// what was held through focus, one digest.
func (n *Notifier) send(sender NotificationSender, notes []store.HeldNote, why notify.Why) {
	if len(notes) == 0 || sender == nil {
		return
	}
	var out []Notification
	if len(notes) > 3 || (why == notify.AfterFocus && len(notes) > 1) {
		items := make([]notify.Item, len(notes))
		for i, h := range notes {
			items[i] = notify.Item{Kind: string(h.Kind), Title: h.Title}
		}
		title, body := notify.DigestText(items, why)
		out = []Notification{{ID: "digest", Title: title, Body: body}}
	} else {
		for _, h := range notes {
			open := h.Item
			if h.Kind == store.InboxCheckInDue {
				open = "checkin-due"
			}
			out = append(out, Notification{ID: h.Item, Title: h.Title, Body: h.Body, Open: open})
		}
	}
	for _, o := range out {
		if err := sender.Send(o); err != nil {
			n.logf("notifier: send: %v", err)
		}
	}
}

func (n *Notifier) names(ctx context.Context) map[store.DocID]string {
	names := map[store.DocID]string{}
	if ms, err := n.members.FindMembers(ctx); err == nil {
		for _, m := range ms {
			names[m.ID] = m.Name
		}
	}
	return names
}

// noteFor says an inbox item in a notification's words, as plain text
// (markup is escaped: notification servers may read the body as markup).
func noteFor(it store.InboxItem, names map[store.DocID]string) store.HeldNote {
	who := names[it.Actor]
	if who == "" {
		who = "Someone"
	}
	title := it.Title
	if title == "" {
		title = "Untitled"
	}
	var head string
	switch it.Kind {
	case store.InboxMention:
		head = fmt.Sprintf("%s mentioned you on %s", who, title)
	case store.InboxComment:
		head = fmt.Sprintf("%s commented on %s", who, title)
	case store.InboxReply:
		head = fmt.Sprintf("%s replied on %s", who, title)
	case store.InboxReview:
		head = fmt.Sprintf("%s asked you to review %s", who, title)
	case store.InboxCheckIn:
		head = fmt.Sprintf("%s commented on a check-in", who)
	case store.InboxPostMention:
		head = fmt.Sprintf("%s mentioned you in %s", who, title)
	case store.InboxPostReply:
		head = fmt.Sprintf("%s replied to %s", who, title)
	case store.InboxAck:
		head = fmt.Sprintf("%s asks you to acknowledge %s", who, title)
	case store.InboxCheckInDue:
		head = "Time for your check-in"
	default:
		head = fmt.Sprintf("%s: %s", who, title)
	}
	return store.HeldNote{Item: it.Key, Kind: it.Kind, Title: clip(head, 120), Body: escapeMarkup(clip(it.Snippet, 300)),
		Mention: it.Kind == store.InboxMention || it.Kind == store.InboxPostMention}
}

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

var markup = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

func escapeMarkup(s string) string { return markup.Replace(s) }
