package lang

import (
	"math"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/tcps-dev/tcps/lang/msg"
)

// Endpoint is an IPv4 address and a port, either of which may be the
// wildcard *. A zero Addr means the wildcard address; port 0 means the
// wildcard (or, for bind, "any free port").
type Endpoint struct {
	Addr netip.Addr
	Port uint16
}

// Wild reports whether the address is the wildcard.
func (e Endpoint) Wild() bool { return !e.Addr.IsValid() }

// String prints e the way the book does: *:99, 10.1.2.3:99, 10.1.2.3:*.
func (e Endpoint) String() string {
	a, p := "*", "*"
	if e.Addr.IsValid() {
		a = e.Addr.String()
	}
	if e.Port != 0 {
		p = strconv.Itoa(int(e.Port))
	}
	return a + ":" + p
}

var sizeUnits = []struct {
	suffix string
	mult   int64
}{
	{"KiB", 1 << 10}, {"MiB", 1 << 20}, {"GiB", 1 << 30},
	{"K", 1 << 10}, {"M", 1 << 20}, {"G", 1 << 30},
	{"KB", 1000}, {"MB", 1000 * 1000}, {"GB", 1000 * 1000 * 1000},
	{"B", 1},
}

// parseSize reads a byte count: 1500, 8K, 64KiB, 1MiB, 2GB. K, M and G are
// binary (1024-based) as in ulimit and dd; KB, MB and GB are decimal.
func parseSize(s string) (int64, error) {
	num, mult := s, int64(1)
	for _, u := range sizeUnits {
		if strings.HasSuffix(s, u.suffix) {
			num, mult = strings.TrimSuffix(s, u.suffix), u.mult
			break
		}
	}
	if num == "" {
		return 0, msg.NotSize.Err(s)
	}
	for _, r := range num {
		if r < '0' || r > '9' {
			return 0, msg.NotSize.Err(s)
		}
	}
	n, err := strconv.ParseInt(num, 10, 64)
	if err != nil || n > math.MaxInt64/mult {
		return 0, msg.SizeTooLarge.Err(s)
	}
	return n * mult, nil
}

// parseDuration reads a virtual duration: 200ms, 2s, 1.5s, 500us, 1m, 2h.
func parseDuration(s string) (time.Duration, error) {
	if s == "0" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		return 0, msg.NotDuration.Err(s)
	}
	if d%time.Microsecond != 0 {
		return 0, msg.TooFine.Err(s)
	}
	return d, nil
}

// parseIP reads a dotted-quad IPv4 address.
func parseIP(s string) (netip.Addr, error) {
	a, err := netip.ParseAddr(s)
	if err != nil || !a.Is4() {
		return netip.Addr{}, msg.NotIPv4.Err(s)
	}
	if a.IsUnspecified() {
		return netip.Addr{}, msg.ZeroIsWildcard.Err()
	}
	return a, nil
}

// parsePort reads a port number 1-65535.
func parsePort(s string) (uint16, error) {
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, msg.NotPort.Err(s)
	}
	if n < 1 || n > 65535 {
		return 0, msg.PortRange.Err(n)
	}
	return uint16(n), nil
}

// parseCount reads a plain non-negative integer.
func parseCount(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, msg.NotWholeNumber.Err(s)
	}
	return n, nil
}
