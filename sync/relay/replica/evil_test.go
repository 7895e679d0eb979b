package replica_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
	"github.com/longhand/longhand/sync/relay"
	"github.com/longhand/longhand/sync/relay/relaytest"
	"github.com/longhand/longhand/sync/relay/server"
	"github.com/longhand/longhand/sync/seal"
)

// evilRelay speaks the protocol but delivers what its script says, in
// its order, at its positions.
type evilRelay struct {
	t       *testing.T
	log     [][]byte
	grants  [][]byte
	deliver []relay.Positioned
}

func (e *evilRelay) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	up := websocket.Upgrader{}
	c, err := up.Upgrade(w, r, nil)
	if err != nil {
		return
	}
	defer c.Close()
	send := func(f relay.Frame) { c.WriteMessage(websocket.BinaryMessage, f.Encode()) }
	send(relay.Frame{Type: relay.THello, Fields: [][]byte{make([]byte, 32)}})
	if _, _, err := c.ReadMessage(); err != nil {
		return
	}
	send(relay.Positioned{Type: relay.TWelcome, Position: 1 << 40, Payload: append(relay.U64(1<<30), relay.U64(1)...)}.Frame())
	send(relay.List(relay.TLog, e.log))
	send(relay.List(relay.TGrants, e.grants))
	send(relay.List(relay.TJoins, nil))
	for {
		_, b, err := c.ReadMessage()
		if err != nil {
			return
		}
		f, err := relay.DecodeFrame(b)
		if err != nil {
			return
		}
		switch f.Type {
		case relay.TSubscribe:
			var last uint64
			for _, d := range e.deliver {
				send(d.Frame())
				last = max(last, d.Position)
			}
			send(relay.Positioned{Type: relay.TCaughtUp, Position: last}.Frame())
		case relay.TPublish:
			q, _ := relay.DecodeRequest(f, relay.TPublish)
			send(relay.Positioned{Type: relay.TAck, ID: q.ID, Position: 1000}.Frame())
		}
	}
}

// A relay that flips, truncates, replays, reorders and injects envelopes
// gets none of its forgeries applied; the genuine envelopes still are, in
// whatever order they come.
func TestTamperingRelayGetsNoForgeryAccepted(t *testing.T) {
	tm := relaytest.NewTeam(t)
	bobDev := tm.AddMember(t, membership.RoleMember)
	check := loader(t)

	// Ada's genuine history, captured through an honest relay.
	honest := relaytest.Start(t, server.Config{})
	grantFirstKey(t, honest, tm)
	ada := newApp(t, honest.URL, honest, tm, tm.Admin, check)
	id := ada.docs.create(t, "genuine-0. ")
	syncOnce(t, ada)
	ada.docs.edit(t, id, 0, "genuine-1. ")
	syncOnce(t, ada)
	ada.docs.edit(t, id, 0, "genuine-2. ")
	syncOnce(t, ada)
	c, err := honest.Dialer.Dial(ctx(t), honest.URL, tm.WS, bobDev, nil)
	if err != nil {
		t.Fatal(err)
	}
	grants := c.Welcome.Grants
	c.Subscribe(0)
	var genuine [][]byte
	for ev := range c.Events() {
		if ev.Type == relay.TCaughtUp {
			break
		}
		genuine = append(genuine, ev.Envelope)
	}
	c.Close()
	if len(genuine) != 3 {
		t.Fatalf("captured %d envelopes, want 3", len(genuine))
	}

	// Forgeries: an envelope from a device never admitted, sealed under the
	// real key (as if the key leaked to it); bit flips in each part of a
	// genuine envelope; truncations.
	stranger := relaytest.NewDevice(store.NewDocID())
	d := ada.docs.docs[id]
	fork, _ := d.Fork()
	fork.SpliceBody([]store.Splice{{Pos: 0, Ins: "FORGED. "}})
	fc, _ := fork.Commit("forged", time.Now())
	injected, err := seal.Seal(tm.Key, stranger, seal.KindChanges, 0, &seal.Content{Doc: id, DocKind: store.KindPage, Data: [][]byte{fc}})
	if err != nil {
		t.Fatal(err)
	}
	var script []relay.Positioned
	pos := uint64(10)
	add := func(env []byte) {
		pos++
		script = append(script, relay.Positioned{Type: relay.TDeliver, Position: pos, Payload: env})
	}
	forged := 0
	addForged := func(env []byte) { add(env); forged++ }
	addForged(injected)
	for _, i := range []int{0, 1, 5, 40, 80, seal.HeaderSize - 1, seal.HeaderSize + 3, len(genuine[1]) - 70, len(genuine[1]) - 1} {
		bad := bytes.Clone(genuine[1])
		bad[i] ^= 0x04
		addForged(bad)
	}
	addForged(genuine[2][:len(genuine[2])-1])
	addForged(genuine[2][:seal.HeaderSize+10])
	// Reordered: the last change before the one it depends on; then the
	// snapshot; replays at the same and at new positions.
	add(genuine[2])
	add(genuine[0])
	add(genuine[1])
	script = append(script, relay.Positioned{Type: relay.TDeliver, Position: pos, Payload: genuine[1]}) // same position again
	add(genuine[2])                                                                                     // replay at a new position
	add(genuine[0])

	evil := &evilRelay{t: t, log: tm.Raw(), grants: grants, deliver: script}
	ts := httptest.NewTLSServer(evil)
	t.Cleanup(ts.Close)
	dialer := relay.Dialer{TLS: ts.Client().Transport.(*http.Transport).TLSClientConfig}
	url := "wss" + strings.TrimPrefix(ts.URL, "https") + "/v1"
	bob := newApp(t, url, &relaytest.Relay{Dialer: dialer}, tm, bobDev, check)
	st := syncOnce(t, bob)

	if got, want := bob.docs.body(t, id), ada.docs.body(t, id); got != want {
		t.Errorf("bob has %q, want ada's %q", got, want)
	}
	if strings.Contains(bob.docs.body(t, id), "FORGED") {
		t.Error("a forged change was applied")
	}
	if st.Rejected != forged {
		t.Errorf("refused %d envelopes, want the %d forged ones", st.Rejected, forged)
	}
}
