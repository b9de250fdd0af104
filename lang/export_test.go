package lang

// CheckUnrolled is CheckLimits with every repeat unrolled, no Repeat kept:
// the program a Repeat must stand for (loops.go).
func CheckUnrolled(name string, src []byte, limits Limits) (*Program, error) {
	limits.unrollAll = true
	return CheckLimits(name, src, limits)
}

// StreamCopies is what Stream yields, copied statement by statement
// (loops_test.go's streamOf), for the fuzz targets.
var StreamCopies = streamOf
