package kernel

import (
	"errors"
	"os"
	"strconv"
	"syscall"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tcps-dev/tcps/lang/msg"
	tcpsrt "github.com/tcps-dev/tcps/runtime"
)

// sysctls maps the settings that are Linux sysctls (lang/settings.go) to
// their files under /proc/sys. Each is per network namespace: a set
// statement writes it in every machine's namespace.
var sysctls = map[string]string{
	"syn_linear_timeouts": "net/ipv4/tcp_syn_linear_timeouts",
	"syncookies":          "net/ipv4/tcp_syncookies",
	"invalid_ratelimit":   "net/ipv4/tcp_invalid_ratelimit", // milliseconds
	"somaxconn":           "net/core/somaxconn",
	"fin_timeout":         "net/ipv4/tcp_fin_timeout", // seconds
}

// sysctlValue is the text written for a sysctl setting's value in
// force: a count, milliseconds (invalid_ratelimit) or whole seconds,
// rounded up (fin_timeout).
func sysctlValue(c *tcpsrt.Config, key string) string {
	n, d, _ := c.Sysctl(key)
	switch key {
	case "invalid_ratelimit":
		return strconv.FormatInt(int64(d/time.Millisecond), 10)
	case "fin_timeout":
		return strconv.FormatInt(int64((d+time.Second-1)/time.Second), 10)
	}
	return strconv.FormatInt(n, 10)
}

// setSysctl writes a sysctl setting in every machine's namespace; a
// kernel without the sysctl is reported in the trace. Called with mu held.
func (r *runner) setSysctl(key string) {
	file, ok := sysctls[key]
	if !ok {
		return
	}
	val := sysctlValue(r.conf, key)
	for _, m := range r.machines {
		if m == nil || m.nsFD <= 0 {
			continue
		}
		err := inNS(m.nsFD, func() error {
			return os.WriteFile("/proc/sys/"+file, []byte(val), 0)
		})
		if err != nil {
			r.tracef("%s", msg.KernelSysctl.In(r.prog.Lang, key, val, file, errnoText(err)))
		}
	}
}

// errnoText names why a sysctl could not be written: its errno's name
// (ENOENT, EACCES, EINVAL), which is notation in both languages, or the
// error itself when it carries no errno.
func errnoText(err error) string {
	var no syscall.Errno
	if errors.As(err, &no) {
		if n := unix.ErrnoName(no); n != "" {
			return n
		}
	}
	return err.Error()
}
