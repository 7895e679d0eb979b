// Package order makes position keys for ordered siblings: strings that sort
// in the order of the items (byte order, ascending), with a key between any
// two, so that moving one item changes only that item. Peers that move
// items concurrently each write one key; ties between equal keys are
// broken by the caller (by ID).
//
// # Keys
//
// A key is written in the 62 digits 0-9, A-Z, a-z (in byte order) and never
// ends in the digit 0, so that there is always a key between two others.
// A key this package makes is an integer part and an optional fraction:
//
//	a5      the integer a5
//	a5V     between a5 and a6
//	b01     an integer with two digits
//
// The integer part starts with a head letter that says how many digits
// follow: a..z for 1..26 digits, Z..A for 1..26 digits below the a's. So
// a1 < a2 < … < az < b01 < … < bzz < c001, and Zz < a1: appending after an
// integer takes the next integer, which is one digit longer only when the
// integers of its length run out (61 appends, then 3,782, then 234,484…),
// so n appends make keys of about 2 + log₆₂ n characters; prepending counts
// down the same way. Between two keys the midpoint is taken, one digit
// more than the longer of the two at most; only inserting again and again
// at the same spot makes keys grow, by a digit per six inserts or so.
//
// # Bounded length
//
// When a key would be longer than MaxLen, the caller renumbers the
// siblings instead: Spread gives n keys in a row, the same n keys for
// the same n on every device, so that two devices that renumber the same
// siblings in the same order write the same keys and agree whichever
// write wins. See DESIGN.md, "Order keys".
//
// # Older keys
//
// Keys made before this scheme (one digit more every 61 appends: 1, 2,
// …, z, z1, …, zz1) are valid keys too: Between works on any valid keys,
// and only the kind of key it returns depends on the neighbours.
// Canonical tells keys of this scheme from others, so that a group of
// siblings holding older keys can be renumbered once.
package order

import "strings"

// digits in ascending byte order; keys are strings of them.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

const base = len(digits)

// MaxLen is the longest key that siblings keep: a key that would be
// longer is a sign to renumber them (Spread).
const MaxLen = 32

// First is the key of the first item of an empty list, and of the first
// item after a renumbering.
const First = "a1"

func val(c byte) int { return strings.IndexByte(digits, c) }

// Between returns a key that sorts after a and before b. An empty a means
// the start, an empty b the end. It requires a < b when both are set, and
// valid keys (see Valid); it panics otherwise.
func Between(a, b string) string {
	if (a != "" && !Valid(a)) || (b != "" && !Valid(b)) || (a != "" && b != "" && a >= b) {
		panic("order: Between(" + a + ", " + b + "): keys out of order or not valid")
	}
	switch {
	case a == "" && b == "":
		return First
	case b == "":
		return after(a)
	case a == "":
		return before(b)
	}
	m := midpoint(a, b)
	if Canonical(m) {
		return m
	}
	if c, ok := nextInt(a); ok && c < b && len(c) <= len(m)+1 {
		return c
	}
	if Canonical(a) {
		// b's integer part is above a's: stay in a's, after its fraction.
		n := 1 + intDigits(a[0])
		if c := a[:n] + midpoint(a[n:], ""); c < b {
			return c
		}
	}
	return m
}

// after returns a key after a: the next integer, or, after an older key
// whose next integer would be long, the older scheme's next key.
func after(a string) string {
	if c, ok := nextInt(a); ok && len(c) <= len(a)+1 {
		return c
	}
	return nextDigit(a)
}

// before returns a key before b: the integer before, or the midpoint
// between the start and b.
func before(b string) string {
	if c, ok := prevInt(b); ok && len(c) <= len(b)+1 {
		return c
	}
	return midpoint("", b)
}

// Valid reports whether k is a key: digits of this package, not ending in 0.
func Valid(k string) bool {
	if k == "" || k[len(k)-1] == '0' {
		return false
	}
	for i := 0; i < len(k); i++ {
		if val(k[i]) < 0 {
			return false
		}
	}
	return true
}

// Canonical reports whether k is a valid key of the present scheme: a
// whole integer part, then any fraction.
func Canonical(k string) bool {
	if !Valid(k) {
		return false
	}
	n := intDigits(k[0])
	return n > 0 && len(k) >= 1+n
}

// Spread returns n keys in increasing order, the first n integers from
// First: the keys that n renumbered siblings get, the same on every
// device. They are at most 5 characters long for up to 14 million items.
func Spread(n int) []string {
	out := make([]string, 0, n)
	k := ""
	for i := 0; i < n; i++ {
		if k == "" {
			k = First
		} else {
			k, _ = nextInt(k)
		}
		out = append(out, k)
	}
	return out
}

// intDigits is how many digits follow a head letter, 0 for a non-head.
func intDigits(h byte) int {
	switch {
	case h >= 'a' && h <= 'z':
		return int(h-'a') + 1
	case h >= 'A' && h <= 'Z':
		return int('Z'-h) + 1
	}
	return 0
}

// nextHead and prevHead step between head letters: … Y, Z, a, b, ….
func nextHead(h byte) byte {
	switch h {
	case 'Z':
		return 'a'
	case 'z':
		return 0
	}
	return h + 1
}

func prevHead(h byte) byte {
	switch h {
	case 'a':
		return 'Z'
	case 'A':
		return 0
	}
	return h - 1
}

// incInt adds one to an integer (a head and its digits), moving to the
// next head when the digits run out. ok is false past the largest.
func incInt(s string) (string, bool) {
	b := []byte(s)
	for i := len(b) - 1; i >= 1; i-- {
		if d := val(b[i]); d < base-1 {
			b[i] = digits[d+1]
			return string(b), true
		}
		b[i] = '0'
	}
	h := nextHead(s[0])
	if h == 0 {
		return "", false
	}
	return string(h) + strings.Repeat("0", intDigits(h)), true
}

// decInt subtracts one from an integer; ok is false below the smallest.
func decInt(s string) (string, bool) {
	b := []byte(s)
	for i := len(b) - 1; i >= 1; i-- {
		if d := val(b[i]); d > 0 {
			b[i] = digits[d-1]
			return string(b), true
		}
		b[i] = 'z'
	}
	h := prevHead(s[0])
	if h == 0 {
		return "", false
	}
	return string(h) + strings.Repeat("z", intDigits(h)), true
}

// nextInt returns the smallest integer key (not ending in 0) above a.
func nextInt(a string) (string, bool) {
	n := intDigits(a[0])
	if n == 0 {
		return "", false
	}
	var c string
	ok := true
	switch {
	case len(a) < 1+n:
		c = a + strings.Repeat("0", 1+n-len(a)) // above a already
	default:
		c, ok = incInt(a[:1+n])
	}
	for ok && c[len(c)-1] == '0' {
		c, ok = incInt(c)
	}
	return c, ok
}

// prevInt returns the largest integer key (not ending in 0) below b.
func prevInt(b string) (string, bool) {
	n := intDigits(b[0])
	if n == 0 {
		return "", false
	}
	var c string
	ok := true
	switch {
	case len(b) > 1+n:
		c = b[:1+n] // below b already
	case len(b) == 1+n:
		c, ok = decInt(b)
	default:
		c, ok = decInt(b + strings.Repeat("0", 1+n-len(b)))
	}
	for ok && c[len(c)-1] == '0' {
		c, ok = decInt(c)
	}
	return c, ok
}

// nextDigit is the older scheme's key after a: a's first digit that can
// grow, grown, or one more digit after a run of z.
func nextDigit(a string) string {
	for i := 0; i < len(a); i++ {
		if d := val(a[i]); d < base-1 {
			return a[:i] + string(digits[d+1])
		}
	}
	return a + string(digits[1])
}

// midpoint returns a key between a and b, where "" is the start for a and
// the end for b: after their common prefix, the middle digit, or one more
// digit when the next digits are adjacent.
func midpoint(a, b string) string {
	if b != "" {
		n := 0
		for n < len(b) {
			ca := byte('0')
			if n < len(a) {
				ca = a[n]
			}
			if ca != b[n] {
				break
			}
			n++
		}
		if n > 0 {
			rest := ""
			if n < len(a) {
				rest = a[n:]
			}
			return b[:n] + midpoint(rest, b[n:])
		}
	}
	da, db := 0, base
	if a != "" {
		da = val(a[0])
	}
	if b != "" {
		db = val(b[0])
	}
	if db-da > 1 {
		return string(digits[(da+db+1)/2])
	}
	if len(b) > 1 {
		return b[:1]
	}
	rest := ""
	if a != "" {
		rest = a[1:]
	}
	return string(digits[da]) + midpoint(rest, "")
}
