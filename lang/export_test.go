package lang

// CheckUnrolled is CheckLimits with every repeat unrolled, no Repeat kept:
// the program a Repeat must stand for (loops.go).
func CheckUnrolled(name string, src []byte, limits Limits) (*Program, error) {
	limits.unrollAll = true
	return CheckLimits(name, src, limits)
}
