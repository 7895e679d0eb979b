// Package order makes position keys for ordered siblings: strings that sort
// in the order of the items, with a key between any two, so that moving one
// item changes only that item. Peers that move items concurrently each
// write one key; ties between equal keys are broken by the caller (by ID).
package order

import "strings"

// digits in ascending byte order; keys are strings of them.
const digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

const base = len(digits)

func val(c byte) int { return strings.IndexByte(digits, c) }

// Between returns a key that sorts after a and before b. An empty a means
// the start, an empty b the end. It requires a < b when both are set, and
// keys made by this package (no trailing zero digit).
func Between(a, b string) string {
	var out []byte
	for i := 0; ; i++ {
		lo := 0
		if i < len(a) {
			lo = val(a[i])
		}
		hi := base
		if b != "" && i < len(b) {
			hi = val(b[i])
		}
		if hi-lo > 1 {
			if hi == base {
				// Unbounded above, as when appending: take the next digit
				// rather than the middle, so that runs of appends stay short.
				return string(append(out, digits[lo+1]))
			}
			return string(append(out, digits[(lo+hi)/2]))
		}
		// No room at this digit: keep a's digit and look further, where b
		// no longer bounds us once we are below it.
		out = append(out, digits[lo])
		if hi > lo {
			b = ""
		}
	}
}

// Valid reports whether k is a key this package could have made.
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
