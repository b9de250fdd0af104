#!/bin/sh
# gen.sh writes cmd/tcps/default.pgo, the CPU profile that go build, go run
# and go install use for profile-guided optimisation of the tcps command
# (Go's -pgo=auto: a default.pgo in the main package's directory). It
# profiles what users wait for: a bulk transfer (the two readers of
# BenchmarkBulk at 1 GiB), 10,000 and 100,000 clients (BenchmarkScale), and
# the checker (10,000 lines, and a repeat that unrolls to 111,112
# statements), and merges the profiles. Rerun it from the repository's
# root after a change to the hot paths (runtime's event loop, sender,
# receiver, demux; lang's checker); a stale profile still works, it only
# helps less. docs/performance.md says what it buys.
set -eu
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
go test -run XXX -bench 'Bulk/reader=(waitall|paced)/size=1GiB$' -benchtime 5x \
	-cpuprofile "$d/bulk.prof" -o "$d/runtime.test" ./runtime/ >/dev/null
go test -run XXX -bench 'Scale/phase=connect\+write/clients=(10000|100000)$' -benchtime 1x \
	-cpuprofile "$d/scale.prof" -o "$d/runtime.test" ./runtime/ >/dev/null
go test -run XXX -bench 'CheckLines/lines=10000$|CheckRepeat100k' -benchtime 5x \
	-cpuprofile "$d/lang.prof" -o "$d/lang.test" ./lang/ >/dev/null
go tool pprof -proto "$d/bulk.prof" "$d/scale.prof" "$d/lang.prof" >"$d/default.pgo"
mv "$d/default.pgo" cmd/tcps/default.pgo
