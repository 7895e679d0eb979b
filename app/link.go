package app

import (
	"log/slog"
	"net/url"
	"strings"
	"sync"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/crypto"
)

// EventLinkOpened tells the window that a longhand:// link is waiting for
// it in Workspace.TakeLink.
const EventLinkOpened = "link:opened"

// maxLinkLen bounds a link: an invitation code is far shorter, and a link
// comes from whatever page or program the person clicked it in.
const maxLinkLen = 4096

// LinkView is a longhand:// link as the window acts on it: the invitation
// code for the join form, or why the link cannot be used.
type LinkView struct {
	Code          string `json:"code"`
	WorkspaceName string `json:"workspaceName"`
	Error         string `json:"error"`
}

// ParseJoinLink reads longhand://join?code=…, the one link Longhand
// answers. The link is untrusted: anything else, or a code that does not
// read as an invitation, is refused with a sentence saying why. The code it
// returns is the invitation's own, rewritten from what was decoded.
func ParseJoinLink(raw string) (LinkView, error) {
	notJoin := store.Errorf(store.EINVALID, "This is not a Longhand invitation link: Longhand opens only longhand://join?code=… links.")
	if len(raw) > maxLinkLen {
		return LinkView{}, store.Errorf(store.EINVALID, "This link is too long to be a Longhand invitation (over %d characters).", maxLinkLen)
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || u.Scheme != "longhand" || !strings.EqualFold(u.Host, "join") || u.User != nil ||
		(u.Path != "" && u.Path != "/") || u.Fragment != "" {
		return LinkView{}, notJoin
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil || len(q) != 1 || len(q["code"]) != 1 {
		return LinkView{}, store.Errorf(store.EINVALID, "This invitation link is damaged: it should carry one code and nothing else. Ask for the link again, or paste the code.")
	}
	inv, err := crypto.ParseInvite(q.Get("code"))
	if err != nil {
		return LinkView{}, err
	}
	return LinkView{Code: inv.Code(), WorkspaceName: inv.WorkspaceName}, nil
}

// links holds the link Longhand was started with or handed by a second
// launch until the window takes it.
type links struct {
	log  *slog.Logger
	emit Emitter

	mu      sync.Mutex
	pending *LinkView
}

// receive reads a link that arrived from (at start, or from a second
// launch) and keeps it for the window, replacing one not yet taken.
func (l *links) receive(raw, from string) {
	v, err := ParseJoinLink(raw)
	if err != nil {
		l.log.Warn("link refused", "from", from, "err", err)
		v = LinkView{Error: store.ErrorMessage(err)}
	} else {
		// The code lets its holder in: it is never logged.
		l.log.Info("link received", "from", from, "kind", "join", "workspace", v.WorkspaceName)
	}
	l.mu.Lock()
	l.pending = &v
	l.mu.Unlock()
	l.emit.Emit(EventLinkOpened, nil)
}

func (l *links) take() *LinkView {
	l.mu.Lock()
	defer l.mu.Unlock()
	v := l.pending
	l.pending = nil
	return v
}
