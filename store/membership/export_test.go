package membership

// FoldSlowly is Fold without its shortcuts.
func FoldSlowly(entries []*Entry) (*State, []Hash) {
	slowFold = true
	defer func() { slowFold = false }()
	return Fold(entries)
}
