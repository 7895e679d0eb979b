package app

import (
	"slices"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/sync/crypto"
)

// Ada adds Bo under People ("They can join from their own device later"),
// invites him, and Bo joins from his laptop over loopback. Bo must be one
// person everywhere: the profile Ada made, now with a device.
func TestJoinAsAPersonAddedBefore(t *testing.T) {
	ctx := t.Context()
	a := newNode(t)
	if _, err := a.db.CreateWorkspace(ctx, "Acme", "Ada", "Europe/London"); err != nil {
		t.Fatal(err)
	}
	if err := a.runner.start(ctx); err != nil {
		t.Fatal(err)
	}
	bo, err := NewMembers(ctx, a.db, a.db, a.ev).Add(MemberInput{Name: "Bo Berg", TimeZone: "America/New_York", Team: "Research"})
	if err != nil {
		t.Fatal(err)
	}
	devs := NewDevices(ctx, a.id, nil, a.db, a.db, a.db)
	inv, err := devs.CreateInvite(NewInvite{Role: "member", MemberID: bo.ID})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := a.sync.Status()

	b := newNode(t)
	sess, err := b.sync.Join(inv.Code, "Bo Berg", "America/New_York", st.Listening)
	if err != nil {
		t.Fatalf("Join: %v", err)
	}
	if sess.MeID != bo.ID {
		t.Errorf("Bo's device is member %s, want the profile Ada made, %s", sess.MeID, bo.ID)
	}
	waitFor(t, "a to hold b's profile", func() bool {
		_, err := a.db.FindMember(ctx, store.DocID(sess.MeID))
		return err == nil
	})
	named := func(ms []store.Member, name string) (n int) {
		for _, m := range ms {
			if m.Name == name {
				n++
			}
		}
		return n
	}
	onA, _ := a.db.FindMembers(ctx)
	if n := named(onA, "Bo Berg"); n != 1 {
		t.Errorf("Ada's directory holds %d Bo Bergs, want one", n)
	}
	// What New chat offers Bo: everyone but himself.
	onB, _ := NewMembers(ctx, b.db, b.db, b.ev).List()
	for _, m := range onB {
		if m.ID != sess.MeID && m.Name == "Bo Berg" {
			t.Errorf("Bo's device offers him a chat with another Bo Berg (%s)", m.ID)
		}
	}
	// Ada's device list and invitations hear of the join as it is stored.
	if len(a.ev.of(EventMembershipChanged)) == 0 {
		t.Error("Ada's device said nothing when Bo's device joined: its device list stays as it was")
	}
	list, _ := devs.Invites()
	if len(list) != 1 || list[0].Status != "used" || list[0].UsedByName != "Bo Berg" || list[0].UsedAt == "" ||
		list[0].UsedBy != crypto.Fingerprint(b.id.DeviceID()) || list[0].MemberName != "Bo Berg" {
		t.Errorf("Ada's invitations = %+v, want one for Bo Berg, used by his device, with when", list)
	}
	ds, _ := devs.List()
	if len(ds) != 2 || !slices.ContainsFunc(ds, func(d DeviceView) bool { return d.MemberID == bo.ID && d.MemberName == "Bo Berg" && d.Role == "member" }) {
		t.Errorf("Ada's devices = %+v, want Bo Berg's among them", ds)
	}

	// Bo's own profile is the one Ada made, and he can change it.
	if sess.MeName != "Bo Berg" || sess.TimeZone != "America/New_York" {
		t.Errorf("Bo's session = %+v, want Ada's profile of him", sess)
	}
	me, err := b.db.FindMember(ctx, store.DocID(bo.ID))
	if err != nil || me.Team != "Research" {
		t.Fatalf("Bo's profile on his device = %+v, %v", me, err)
	}
	if _, err := NewMembers(ctx, b.db, b.db, b.ev).Update(bo.ID, MemberInput{Name: "Bo Berg", TimeZone: "Europe/Stockholm",
		Team: "Research", WorkStart: "08:00", WorkEnd: "16:00"}); err != nil {
		t.Fatal(err)
	}
	b.runner.poke()
	waitFor(t, "Ada to see Bo's new time zone", func() bool {
		m, err := a.db.FindMember(ctx, store.DocID(bo.ID))
		return err == nil && m.TimeZone == "Europe/Stockholm"
	})
	if onA, _ := a.db.FindMembers(ctx); len(onA) != 2 {
		t.Errorf("Ada's directory = %+v, want Ada and Bo", onA)
	}

	// The invitation is spent: nobody else joins as Bo with it.
	c := newNode(t)
	if _, err := c.sync.Join(inv.Code, "", "Asia/Tokyo", st.Listening); store.ErrorMessage(err) != store.ErrorMessage(crypto.ErrInviteUsed) {
		t.Errorf("reusing Bo's invitation: %v", err)
	}
}

// Inviting from a profile still leaves inviting a new person as it was;
// an invitation for someone already in is for a device of theirs, with
// their role; and nobody removed is invited again.
func TestInviteFromAProfile(t *testing.T) {
	s := newDevices(t)
	ctx := t.Context()
	members := NewMembers(ctx, s.members, s.ws, &events{})
	cy, err := members.Add(MemberInput{Name: "Cy", TimeZone: "Asia/Tokyo"})
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.CreateInvite(NewInvite{Role: "guest", MemberID: cy.ID})
	if store.ErrorCode(err) != store.EINVALID {
		t.Errorf("a guest without spaces: %v, %+v", err, v)
	}
	v, err = s.CreateInvite(NewInvite{Role: "member", MemberID: cy.ID})
	if err != nil || v.MemberID != cy.ID || v.MemberName != "Cy" {
		t.Fatalf("CreateInvite for Cy = %+v, %v", v, err)
	}
	p, err := s.PreviewInvite(v.Code)
	if err != nil || p.PersonName != "Cy" || p.Role != "member" {
		t.Errorf("PreviewInvite = %+v, %v; want one for Cy", p, err)
	}
	if _, err := s.CreateInvite(NewInvite{Role: "member", MemberID: string(store.NewDocID())}); store.ErrorCode(err) != store.ENOTFOUND {
		t.Errorf("an invitation for nobody in the directory: %v", err)
	}
	// For me, an admin already in: a device of mine, as an admin, whatever was asked.
	sess, _ := s.ws.FindSession(ctx)
	mine, err := s.CreateInvite(NewInvite{Role: "guest", MemberID: string(sess.Me.ID)})
	if err != nil || mine.Role != "admin" || mine.MemberName != "Ada" {
		t.Errorf("an invitation for a device of mine = %+v, %v", mine, err)
	}
	// A new person, as before.
	anyone, err := s.CreateInvite(NewInvite{Role: "member"})
	if err != nil || anyone.MemberID != "" {
		t.Errorf("an invitation for a new person = %+v, %v", anyone, err)
	}
	if p, _ := s.PreviewInvite(anyone.Code); p.PersonName != "" {
		t.Errorf("its preview names %q", p.PersonName)
	}

	// Cy joins from her laptop, and is later removed: she is not invited
	// again, not even from her profile, which stays in the directory.
	parsed, err := crypto.ParseInvite(v.Code)
	if err != nil {
		t.Fatal(err)
	}
	laptop, err := crypto.LoadIdentity(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	req, err := crypto.AcceptInvite(parsed, laptop, store.NewDocID(), s.Now())
	if err != nil {
		t.Fatal(err)
	}
	st, _ := s.log.MembershipState(ctx)
	join, err := crypto.AdmitJoin(st, s.id, req, s.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := s.log.AppendMembership(ctx, join); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Invites()
	if i := slices.IndexFunc(list, func(x InviteView) bool { return x.ID == v.ID }); i < 0 || list[i].Status != "used" || list[i].UsedByName != "Cy" {
		t.Errorf("Cy's invitation after she joined = %+v", list)
	}
	if err := s.RemoveMember(cy.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.CreateInvite(NewInvite{Role: "member", MemberID: cy.ID}); store.ErrorCode(err) != store.EFORBIDDEN {
		t.Errorf("inviting removed Cy again: %v, want EFORBIDDEN", err)
	}
	list, _ = s.Invites()
	if i := slices.IndexFunc(list, func(x InviteView) bool { return x.ID == v.ID }); i < 0 || list[i].UsedByName != "Cy" {
		t.Errorf("Cy's invitation after her removal = %+v, want still used by Cy", list)
	}
}
