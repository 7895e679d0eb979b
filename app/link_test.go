package app

import (
	"bytes"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/longhand/longhand/store"
)

func TestParseJoinLink(t *testing.T) {
	inv, err := newDevices(t).CreateInvite(NewInvite{Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := ParseJoinLink(inv.Link)
	if err != nil || v.Code != inv.Code || v.WorkspaceName != "Acme Research" {
		t.Fatalf("ParseJoinLink(%s) = %+v, %v; want the code of Acme Research's invitation", inv.Link, v, err)
	}
	// As a browser may hand it on: the code's dashes and case do not matter.
	if v, err := ParseJoinLink("LONGHAND://join/?code=" + url.QueryEscape(strings.ToLower(inv.Code))); err != nil || v.Code != inv.Code {
		t.Errorf("lower-case code, upper-case scheme: %+v, %v", v, err)
	}
	code := url.QueryEscape(inv.Code)
	for _, bad := range []struct{ link, says string }{
		{"https://join?code=" + code, "only longhand://join"},
		{"longhand://settings?code=" + code, "only longhand://join"},
		{"longhand://join/../etc?code=" + code, "only longhand://join"},
		{"longhand://user@join?code=" + code, "only longhand://join"},
		{"longhand://join?code=" + code + "#x", "only longhand://join"},
		{"longhand://join", "one code and nothing else"},
		{"longhand://join?code=" + code + "&code=" + code, "one code and nothing else"},
		{"longhand://join?code=" + code + "&relay=wss://evil", "one code and nothing else"},
		{"longhand://join?code=%zz", "one code and nothing else"},
		{"longhand://join?code=LH-AAAAA-BBBBB", "typo"},
		{"longhand://join?code=XY-AAAAA", "not a Longhand invitation"},
		{"longhand://join?code=" + code[:len(code)-3] + "AAA", "typo"},
		{"longhand://join?code=" + strings.Repeat("A", maxLinkLen), "too long"},
		{"longhand://join?code=\x00", "not a Longhand invitation link"},
	} {
		_, err := ParseJoinLink(bad.link)
		if store.ErrorCode(err) != store.EINVALID || !strings.Contains(store.ErrorMessage(err), bad.says) {
			t.Errorf("ParseJoinLink(%.60q) = %v; want an invalid-input error saying %q", bad.link, err, bad.says)
		}
	}
}

// A link reaches the window however Longhand was opened with it, and a
// refused one says why; the code itself is never logged.
func TestLinksKeepTheLastForTheWindow(t *testing.T) {
	inv, err := newDevices(t).CreateInvite(NewInvite{Role: "member"})
	if err != nil {
		t.Fatal(err)
	}
	var logged bytes.Buffer
	em := &anyRecorder{}
	l := &links{log: slog.New(slog.NewTextHandler(&logged, nil)), emit: em}
	if l.take() != nil {
		t.Fatal("a link before any was received")
	}
	l.receive("longhand://nope", "start")
	l.receive(inv.Link, "second launch")
	if v := l.take(); v == nil || v.Code != inv.Code || v.Error != "" {
		t.Errorf("take = %+v; want the second, valid link", v)
	}
	if l.take() != nil {
		t.Error("a link was taken twice")
	}
	l.receive("longhand://join?code=LH-AAAAA", "second launch")
	if v := l.take(); v == nil || v.Code != "" || !strings.Contains(v.Error, "not a Longhand invitation") {
		t.Errorf("take = %+v; want the refusal", v)
	}
	if n := len(em.named(EventLinkOpened)); n != 3 {
		t.Errorf("%d %s events, want one per link", n, EventLinkOpened)
	}
	out := logged.String()
	if !strings.Contains(out, `msg="link received" from="second launch" kind=join workspace="Acme Research"`) || !strings.Contains(out, `msg="link refused"`) {
		t.Errorf("log:\n%s", out)
	}
	if strings.Contains(out, inv.Code[5:20]) {
		t.Errorf("the invitation code was logged:\n%s", out)
	}
}

func TestSecondInstanceHandsItsLinkToTheFirst(t *testing.T) {
	dir := t.TempDir()
	first, err := claimInstance(dir, "")
	if err != nil {
		t.Fatal(err)
	}
	defer first.release()
	got := make(chan string, 4)
	open := func(link string) { got <- link }
	first.onOpen.Store(&open)
	shown := make(chan struct{}, 4)
	show := func() { shown <- struct{}{} }
	first.onShow.Store(&show)

	for _, c := range []struct{ sent, arrives string }{
		{"longhand://join?code=LH-ABCDE", "longhand://join?code=LH-ABCDE"},
		// A line break cannot end the message early, and size is bounded.
		{"longhand://join?code=A\nshow", "longhand://join?code=A%0Ashow"},
		{"longhand://" + strings.Repeat("x", 3*maxLinkLen), ("longhand://" + strings.Repeat("x", maxLinkLen))[:maxLinkLen+1]},
	} {
		if _, err := claimInstance(dir, c.sent); !errors.Is(err, ErrAlreadyRunning) {
			t.Fatalf("second claim: %v; want ErrAlreadyRunning", err)
		}
		select {
		case link := <-got:
			if link != c.arrives {
				t.Errorf("the first instance got %.80q, want %.80q", link, c.arrives)
			}
		case <-time.After(5 * time.Second):
			t.Fatal("the first instance was not handed the link")
		}
		<-shown
	}
}
