package membership_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/longhand/longhand/store"
	"github.com/longhand/longhand/store/membership"
)

// FuzzDecodeEntry feeds arbitrary bytes to the decoder: it must never
// panic, must refuse with EINVALID, and what it accepts must encode back
// to the same bytes (one encoding per entry).
func FuzzDecodeEntry(f *testing.F) {
	t := &testing.T{}
	_, _, _, log := team(t)
	for _, e := range log {
		f.Add(e.Bytes())
	}
	f.Add([]byte{1, 4})
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := membership.Decode(b)
		if err != nil {
			if store.ErrorCode(err) != store.EINVALID {
				t.Fatalf("Decode err=%v, want EINVALID", err)
			}
			return
		}
		if !bytes.Equal(e.Bytes(), b) {
			t.Fatalf("Bytes() differs from the input")
		}
		membership.Fold([]*membership.Entry{e})
	})
}

// FuzzFoldOrder builds a log of validly signed entries from the fuzzer's
// bytes — four devices acting, each op naming a kind, a signer, a target
// and which earlier entries it follows — and checks that Fold neither
// panics nor depends on the order entries are given in, and that its
// shortcuts do not change what it gives.
func FuzzFoldOrder(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23})
	f.Add([]byte{6, 0, 1, 0, 6, 1, 0, 0, 5, 2, 2, 1})
	f.Fuzz(func(t *testing.T, ops []byte) {
		if len(ops) > 120 {
			ops = ops[:120]
		}
		keys := []key{newKey(1), newKey(2), newKey(3), newKey(4)}
		members := []store.DocID{alice, bob, carol, "d0000000000000000000000000000000"}
		_, _, _, log := team(t)
		for i := 0; i+2 < len(ops); i += 3 {
			op, who, pick := ops[i], int(ops[i+1]%4), ops[i+2]
			// Parents: the last entry, or two earlier ones, chosen by pick.
			parents := []*membership.Entry{log[len(log)-1]}
			if pick&1 == 1 {
				parents = []*membership.Entry{log[int(pick>>1)%len(log)], log[int(pick>>4)%len(log)]}
			}
			target := int(pick>>2) % 4
			e := membership.Entry{Time: t0}
			switch op % 5 {
			case 0:
				e.Kind, e.Member = membership.KindRemoveMember, members[target]
			case 1:
				e.Kind, e.Member, e.Role = membership.KindSetRole, members[target], membership.Role(1+int(op>>3)%3)
				if e.Role == membership.RoleGuest {
					e.Spaces = []string{string(ws)}
				}
			case 2:
				e.Kind, e.DeviceID = membership.KindRemoveDevice, keys[target].ID()
			case 3:
				e.Kind, e.KeyID = membership.KindRotateKey, [32]byte{byte(i)}
			case 4:
				inv, join := invite(t, keys[who], membership.Role(1+int(op>>3)%3), newKey(byte(10+i)), store.NewDocID(), parents...)
				log = append(log, inv, join)
				continue
			}
			log = append(log, sign(t, keys[who], e, parents...))
		}
		want, _ := membership.Fold(log)
		if slow, _ := membership.FoldSlowly(log); describe(slow) != describe(want) {
			t.Fatalf("the fold's shortcuts change the state:\n got %s\nwant %s", describe(want), describe(slow))
		}
		rng := rand.New(rand.NewPCG(uint64(len(ops)), 1))
		for range 3 {
			shuffled := slices.Clone(log)
			rng.Shuffle(len(shuffled), func(a, b int) { shuffled[a], shuffled[b] = shuffled[b], shuffled[a] })
			if got, _ := membership.Fold(shuffled); describe(got) != describe(want) {
				t.Fatalf("state depends on order:\n got %s\nwant %s", describe(got), describe(want))
			}
		}
		if want.Epoch < 1 {
			t.Fatalf("epoch %d", want.Epoch)
		}
		admins := 0
		for _, m := range want.Members {
			if m.Role == membership.RoleAdmin && len(m.Devices) > 0 {
				admins++
			}
		}
		if admins == 0 {
			t.Fatalf("no admin with a device is left: %s", describe(want))
		}
	})
}
