package mirror

// SetTestHookPass makes f run in each of m's passes with the paths the
// pass is about to look at (see Mirror.testHookPass); set it before the
// pass.
func SetTestHookPass(m *Mirror, f func(paths map[string]bool)) { m.testHookPass = f }
