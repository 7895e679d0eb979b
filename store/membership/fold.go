package membership

import (
	"bytes"
	"container/heap"
	"fmt"
	stdbits "math/bits"
	"slices"

	"github.com/longhand/longhand/store"
)

// Fold computes the state of a set of decoded entries. It is a pure
// function of the set: the same entries give the same state on every peer
// and on the relay, whatever order they are given in and whatever order
// they arrived in. The rule, after the "strong removal" of local-first
// access control (the seniority rule of Local-First Auth, and Matrix's
// state resolution, which settles the events that take power away first):
//
//   - Entries are folded in a topological order of the DAG of parents,
//     ties broken by smallest hash. An entry applies only if its signer
//     had the right to sign it at its parents (in the state of its
//     ancestors that hold) and still has it in the state folded so far.
//   - A removal is final. Of the entries a removed device signs, or any
//     device of a removed member, only those the removal had seen (those
//     in its causal past) hold; every other is void, whatever parents it
//     names, so a removed device cannot act by backdating. A join through
//     an invitation the removed device made is void too unless the
//     removal had seen it, and its unused invitations die. A removed
//     device never joins again, and a removed member's ID is never
//     reused. A demotion voids the entries of the demoted member's devices
//     made concurrently with it that need the role they lost.
//   - What depended on a void entry fails on its own checks: a join
//     through a void invitation finds no invitation, a device admitted by
//     a void join is no member and signs nothing that holds, and so on.
//   - Revocations (removals and role changes) are decided one at a time,
//     the one that takes precedence first, and each holds unless, with it,
//     one decided before it would not: so when two admins remove or demote
//     each other concurrently, only the removal that takes precedence
//     holds. Precedence goes to seniority, the order in which members
//     were admitted, the workspace's creator first (a person's later
//     device ranks no higher than the devices that invited and admitted
//     it); a revocation is always decided after those in its causal past,
//     and takes the precedence of the most senior device whose revocation
//     builds on it. Nothing a member signs comes before their own
//     admission in the order, so no one can make themselves, or a device
//     they admit, senior to a member admitted before them.
//   - A removal or demotion that would leave no admin with a device does
//     not apply, so the workspace always keeps an admin.
//   - An invitation is spent by the first join in the order. One that
//     names a person not in the log yet (KindInvitePerson) admits them
//     with that member ID and no other, and no other invitation may take
//     the ID; one for a device of a member works only while the member's
//     rights are within those it gives.
//
// Entries whose parents are missing from the set are returned in missing
// and are not applied, nor are the entries that follow them. Duplicates
// count once.
func Fold(entries []*Entry) (st *State, missing []Hash) {
	byHash := make(map[Hash]*Entry, len(entries))
	for _, e := range entries {
		byHash[e.hash] = e
	}
	// Drop entries that cannot be placed: a missing parent, transitively.
	placed := map[Hash]bool{} // true: all ancestors present; false: one is missing
	var place func(h Hash) bool
	place = func(h Hash) bool {
		if ok, done := placed[h]; done {
			return ok
		}
		e, ok := byHash[h]
		if !ok {
			return false
		}
		placed[h] = false // a cycle, impossible with hashes, counts as missing
		for _, p := range e.Parents {
			if !place(p) {
				return false
			}
		}
		placed[h] = true
		return true
	}
	for h := range byHash {
		if !place(h) {
			missing = append(missing, h)
		}
	}
	for _, h := range missing {
		delete(byHash, h)
	}
	slices.SortFunc(missing, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	st = newDAG(byHash).resolve()
	// Heads: entries no other entry follows.
	followed := map[Hash]bool{}
	for _, e := range byHash {
		for _, p := range e.Parents {
			followed[p] = true
		}
	}
	for h := range byHash {
		if !followed[h] {
			st.Heads = append(st.Heads, h)
		}
	}
	slices.SortFunc(st.Heads, func(a, b Hash) int { return bytes.Compare(a[:], b[:]) })
	return st, missing
}

// slowFold, set by tests only, folds without the shortcuts (a revocation
// no entry is concurrent with is still decided; the state at an entry's
// parents is always folded anew), to show they change nothing.
var slowFold bool

// revokes reports whether entries of kind k take a right away.
func revokes(k Kind) bool {
	return k == KindRemoveMember || k == KindRemoveDevice || k == KindSetRole
}

// dag is a set of entries whose ancestors are all present, in the one
// order every peer folds them in.
type dag struct {
	order  []Hash
	pos    map[Hash]int
	byHash map[Hash]*Entry
	// siblings holds, by their parents, the entries that share them with
	// another: signed concurrently on the same heads.
	siblings map[string][]Hash
	// For each revocation: the entries in its causal past, and those that
	// have it in theirs, as sets of positions in order.
	past, future map[Hash]bits
}

func newDAG(byHash map[Hash]*Entry) *dag {
	d := &dag{order: topoOrder(byHash), byHash: byHash, pos: make(map[Hash]int, len(byHash))}
	for i, h := range d.order {
		d.pos[h] = i
	}
	byParents := map[string][]Hash{}
	for _, h := range d.order {
		k := parentsKey(byHash[h].Parents)
		byParents[k] = append(byParents[k], h)
	}
	for k, hs := range byParents {
		if len(hs) > 1 {
			if d.siblings == nil {
				d.siblings = map[string][]Hash{}
			}
			d.siblings[k] = hs
		}
	}
	return d
}

// parentsKey names a sorted set of parents.
func parentsKey(ps []Hash) string {
	b := make([]byte, 0, len(ps)*len(Hash{}))
	for _, p := range ps {
		b = append(b, p[:]...)
	}
	return string(b)
}

// seen reports whether entry e is in revocation r's causal past.
func (d *dag) seen(e, r Hash) bool { return d.past[r].has(d.pos[e]) }

// follows reports whether revocation r is in entry e's causal past.
func (d *dag) follows(e, r Hash) bool { return d.future[r].has(d.pos[e]) }

// relate works out the past and future of each revocation.
func (d *dag) relate(revs []Hash) {
	children := map[Hash][]Hash{}
	for _, h := range d.order {
		for _, p := range d.byHash[h].Parents {
			children[p] = append(children[p], h)
		}
	}
	walk := func(from Hash, next func(Hash) []Hash) bits {
		b := newBits(len(d.order))
		stack := slices.Clone(next(from))
		for len(stack) > 0 {
			h := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if i := d.pos[h]; !b.has(i) {
				b.set(i)
				stack = append(stack, next(h)...)
			}
		}
		return b
	}
	d.past, d.future = make(map[Hash]bits, len(revs)), make(map[Hash]bits, len(revs))
	for _, r := range revs {
		d.past[r] = walk(r, func(h Hash) []Hash { return d.byHash[h].Parents })
		d.future[r] = walk(r, func(h Hash) []Hash { return children[h] })
	}
}

// resolve folds the set, deciding which revocations hold.
func (d *dag) resolve() *State {
	var revs []Hash
	for _, h := range d.order {
		if revokes(d.byHash[h].Kind) {
			revs = append(revs, h)
		}
	}
	if len(revs) == 0 {
		return d.folder(nil, nil).fold(nil)
	}
	d.relate(revs)
	// A revocation that every other entry follows or precedes needs no
	// deciding: it voids nothing its own checks do not, and nothing
	// decided after it depends on whether it is left out meanwhile. In a
	// history without concurrent revocations, one fold does it all.
	contested := map[Hash]bool{}
	for _, r := range revs {
		if slowFold || d.past[r].count()+d.future[r].count()+1 < len(d.order) {
			contested[r] = true
		}
	}
	if len(contested) == 0 {
		return d.folder(nil, nil).fold(nil)
	}
	// Seniority comes from the fold that leaves every revocation out, so
	// that no revocation, decided or not, moves anyone's admission.
	all := make(map[Hash]string, len(revs))
	undecided := make(map[Hash]string, len(contested))
	for _, r := range revs {
		all[r] = ""
		if contested[r] {
			undecided[r] = ""
		}
	}
	st := d.folder(nil, all).fold(nil)
	var held []*Entry
	rejected := map[Hash]string{}
	for _, r := range d.precedence(revs, st) {
		if !contested[r] {
			continue
		}
		delete(undecided, r)
		leftOut := make(map[Hash]string, len(rejected)+len(undecided))
		for _, m := range []map[Hash]string{rejected, undecided} {
			for h, why := range m {
				leftOut[h] = why
			}
		}
		try := d.folder(append(slices.Clip(held), d.byHash[r]), leftOut).fold(nil)
		if why := undoes(try, held, r); why != "" {
			rejected[r] = why
			continue
		}
		held, st = append(held, d.byHash[r]), try
	}
	if len(held) == 0 {
		// Not the fold for seniority: that one left out the revocations
		// no one contests as well.
		st = d.folder(nil, rejected).fold(nil)
	}
	// st left out the revocations rejected after it was folded, with an
	// empty reason then.
	for h, why := range rejected {
		st.Skipped[h] = why
	}
	return st
}

// undoes says why revocation r cannot hold in try, the fold with r and the
// revocations held before it: r does not apply, or one of those no longer
// does. It returns "" when all of them apply.
func undoes(try *State, held []*Entry, r Hash) string {
	applied := make(map[Hash]bool, len(try.Applied))
	for _, h := range try.Applied {
		applied[h] = true
	}
	if !applied[r] {
		return try.Skipped[r]
	}
	for _, x := range held {
		if !applied[x.hash] {
			return fmt.Sprintf("It does not hold against a concurrent %v (entry %s) that takes precedence.", x.Kind, x.hash.String()[:12])
		}
	}
	return ""
}

// seniority ranks the devices of base, the fold without revocations, by
// when they were admitted, lowest first: a person's first device ranks by
// the position of their admission in the order, the creator's first; any
// later device of theirs by the least senior of the person and the
// devices that invited and admitted it. So no device outranks the devices
// that let it in, and a puppet device added to a senior member by a
// junior one ranks as the junior.
func (d *dag) seniority(base *State) map[DeviceID]int {
	member := map[store.DocID]int{}
	rank := map[DeviceID]int{}
	inviter := map[InviteID]DeviceID{}
	of := func(dev DeviceID) int {
		if r, ok := rank[dev]; ok {
			return r
		}
		return len(d.order) // cannot happen: a join's signer and inviter were admitted before it
	}
	for _, h := range base.Applied {
		e, p := d.byHash[h], d.pos[h]
		switch e.Kind {
		case KindCreate:
			member[e.Member], rank[e.SignerID()] = p, p
		case KindInvite, KindInvitePerson:
			inviter[e.Invite] = e.SignerID()
		case KindJoin:
			dev := DeviceIDOf(e.Device)
			if m, ok := member[e.Member]; ok {
				rank[dev] = max(m, of(e.SignerID()), of(inviter[e.Invite]))
			} else {
				member[e.Member], rank[dev] = p, p
			}
		}
	}
	return rank
}

// precedence orders the revocations for deciding: each after those in its
// causal past; among those ready together, first the one built on by the
// most senior device (its signer or the signer of a revocation that
// follows it), then the one whose own signer is most senior, then the
// first in the fold's order. base is the fold without revocations, which
// tells who was admitted when.
func (d *dag) precedence(revs []Hash, base *State) []Hash {
	senior := d.seniority(base)
	n := len(revs)
	items := make([]*revItem, n)
	for i, r := range revs {
		rank, ok := senior[d.byHash[r].SignerID()]
		if !ok {
			rank = len(d.order) // not admitted: least senior
		}
		items[i] = &revItem{hash: r, pos: d.pos[r], rank: rank, eff: rank}
	}
	// after[i]: the revocations that have revs[i] in their past.
	after := make([][]int, n)
	waiting := make([]int, n)
	for i := range n {
		for j := range n {
			if i != j && d.seen(revs[i], revs[j]) {
				after[i] = append(after[i], j)
				waiting[j]++
				items[i].eff = min(items[i].eff, items[j].rank)
			}
		}
	}
	ready := &revHeap{}
	for i, it := range items {
		if waiting[i] == 0 {
			heap.Push(ready, it)
		}
	}
	idx := make(map[Hash]int, n)
	for i, r := range revs {
		idx[r] = i
	}
	out := make([]Hash, 0, n)
	for ready.Len() > 0 {
		it := heap.Pop(ready).(*revItem)
		out = append(out, it.hash)
		for _, j := range after[idx[it.hash]] {
			if waiting[j]--; waiting[j] == 0 {
				heap.Push(ready, items[j])
			}
		}
	}
	return out
}

type revItem struct {
	hash           Hash
	pos, rank, eff int
}

type revHeap []*revItem

func (h revHeap) Len() int { return len(h) }
func (h revHeap) Less(i, j int) bool {
	a, b := h[i], h[j]
	if a.eff != b.eff {
		return a.eff < b.eff
	}
	if a.rank != b.rank {
		return a.rank < b.rank
	}
	return a.pos < b.pos
}
func (h revHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *revHeap) Push(x any)   { *h = append(*h, x.(*revItem)) }
func (h *revHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// folder folds the entries of a dag in its order, with some revocations
// taken to hold and some entries left out, remembering the state at each
// entry's parents that it had to compute separately.
type folder struct {
	d       *dag
	strong  []*Entry        // revocations taken to hold: they void what they had not seen
	leftOut map[Hash]string // entries not folded, with why
	memo    map[Hash]*State
	// The strong revocations by what they take away from: removals of a
	// device; removals of and role changes of a member.
	ofDevice map[DeviceID][]*Entry
	ofMember map[store.DocID][]*Entry
}

func (d *dag) folder(strong []*Entry, leftOut map[Hash]string) *folder {
	f := &folder{d: d, strong: strong, leftOut: leftOut, memo: map[Hash]*State{},
		ofDevice: map[DeviceID][]*Entry{}, ofMember: map[store.DocID][]*Entry{}}
	for _, r := range strong {
		if r.Kind == KindRemoveDevice {
			f.ofDevice[r.DeviceID] = append(f.ofDevice[r.DeviceID], r)
		} else {
			f.ofMember[r.Member] = append(f.ofMember[r.Member], r)
		}
	}
	return f
}

// fold folds the entries of the order that are in subset (all when subset
// is nil); subset must hold every ancestor of each of its entries.
func (f *folder) fold(subset map[Hash]bool) *State {
	st := newState()
	heads := map[Hash]bool{} // of the entries folded so far
	for _, h := range f.d.order {
		if subset != nil && !subset[h] {
			continue
		}
		e := f.d.byHash[h]
		// When h follows exactly the heads of what was folded so far (as
		// in any history without concurrency), every entry folded so far
		// is an ancestor of h and the state at h's parents is st.
		linear := len(e.Parents) == len(heads) && !slices.ContainsFunc(e.Parents, func(p Hash) bool { return !heads[p] })
		if slowFold {
			linear = false
		}
		if linear && f.d.siblings != nil {
			// The state now is the state at the parents of h's siblings
			// too: keep it for them rather than fold their past again.
			for _, sib := range f.d.siblings[parentsKey(e.Parents)] {
				if _, done := f.memo[sib]; !done && sib != h && (subset == nil || subset[sib]) {
					f.memo[sib] = st.clone()
				}
			}
		}
		for _, p := range e.Parents {
			delete(heads, p)
		}
		heads[h] = true
		if why, out := f.leftOut[h]; out {
			st.Skipped[h] = why
			continue
		}
		causal := st
		if !linear {
			causal = f.atParents(h)
		}
		if why := causal.check(e); why != "" {
			st.Skipped[h] = why
			continue
		}
		if why := f.struck(e, causal); why != "" {
			st.Skipped[h] = why
			continue
		}
		if why := st.check(e); why != "" {
			st.Skipped[h] = why
			continue
		}
		st.apply(e)
	}
	return st
}

// atParents returns the state of h's ancestors.
func (f *folder) atParents(h Hash) *State {
	if s, ok := f.memo[h]; ok {
		return s
	}
	anc := map[Hash]bool{}
	var walk func(Hash)
	walk = func(x Hash) {
		for _, p := range f.d.byHash[x].Parents {
			if !anc[p] {
				anc[p] = true
				walk(p)
			}
		}
	}
	walk(h)
	s := newState()
	if len(anc) > 0 {
		s = f.fold(anc)
	}
	f.memo[h] = s
	return s
}

// struck says why e is void under one of the revocations taken to hold,
// or "" when none voids it. causal is the state at e's parents.
func (f *folder) struck(e *Entry, causal *State) string {
	if len(f.strong) == 0 || e.Kind == KindCreate {
		return ""
	}
	unseen := func(r *Entry) bool { return r.hash != e.hash && !f.d.seen(e.hash, r.hash) }
	removed := func(d DeviceID) *Entry {
		for _, r := range f.ofDevice[d] {
			if unseen(r) {
				return r
			}
		}
		if dev := causal.Devices[d]; dev != nil {
			for _, r := range f.ofMember[dev.Member] {
				if r.Kind == KindRemoveMember && unseen(r) {
					return r
				}
			}
		}
		return nil
	}
	signer := e.SignerID()
	if r := removed(signer); r != nil {
		return "Its signer was removed from the workspace (entry " + r.hash.String()[:12] + ") by someone who had not seen it."
	}
	if inv := causal.Invites[e.Invite]; e.Kind == KindJoin && inv != nil {
		if r := removed(inv.Inviter); r != nil {
			return "The device that made its invitation was removed from the workspace (entry " + r.hash.String()[:12] + ") by someone who had not seen this join."
		}
	}
	if dev := causal.Devices[signer]; dev != nil {
		need := causal.needs(e)
		for _, r := range f.ofMember[dev.Member] {
			if r.Kind == KindSetRole && need < r.Role && unseen(r) && !f.d.follows(e.hash, r.hash) {
				return fmt.Sprintf("Its signer was made %v (entry %s) by someone who had not seen it.", r.Role, r.hash.String()[:12])
			}
		}
	}
	return ""
}

// bits is a set of small integers.
type bits []uint64

func newBits(n int) bits      { return make(bits, (n+63)/64) }
func (b bits) set(i int)      { b[i/64] |= 1 << (i % 64) }
func (b bits) has(i int) bool { return b[i/64]&(1<<(i%64)) != 0 }

func (b bits) count() int {
	n := 0
	for _, w := range b {
		n += stdbits.OnesCount64(w)
	}
	return n
}

type hashHeap []Hash

func (h hashHeap) Len() int           { return len(h) }
func (h hashHeap) Less(i, j int) bool { return bytes.Compare(h[i][:], h[j][:]) < 0 }
func (h hashHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *hashHeap) Push(x any)        { *h = append(*h, x.(Hash)) }
func (h *hashHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// topoOrder orders entries parents first, ties by smallest hash.
func topoOrder(byHash map[Hash]*Entry) []Hash {
	waiting := map[Hash]int{}
	children := map[Hash][]Hash{}
	ready := &hashHeap{}
	for h, e := range byHash {
		waiting[h] = len(e.Parents)
		for _, p := range e.Parents {
			children[p] = append(children[p], h)
		}
		if len(e.Parents) == 0 {
			*ready = append(*ready, h)
		}
	}
	heap.Init(ready)
	order := make([]Hash, 0, len(byHash))
	for ready.Len() > 0 {
		h := heap.Pop(ready).(Hash)
		order = append(order, h)
		for _, c := range children[h] {
			if waiting[c]--; waiting[c] == 0 {
				heap.Push(ready, c)
			}
		}
	}
	return order
}
