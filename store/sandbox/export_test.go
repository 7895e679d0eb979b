package sandbox

// DieOn makes a worker started by this test binary end when it meets b,
// as one whose core aborted would.
func DieOn(b []byte) { dieOn = b }
