package kernel

import (
	"os"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/lang/msg"
	"golang.org/x/sys/unix"
)

// DefaultBudget is the real time a kernel run may take unless raised.
const DefaultBudget = 2 * time.Minute

// maxMachines bounds the namespaces one run creates, maxThreads the OS
// threads (one per host or process), maxQueued the calls one thread may
// have waiting behind a blocked one.
const (
	maxMachines = 64
	maxThreads  = 256
	maxQueued   = 1 << 16
)

// settleCost is what the budget counts for a settle (or expect deadlock):
// the kernel is quiet after 300 ms without traffic or change, usually
// well under a second.
const settleCost = time.Second

// ErrNoPrivilege says the kernel mode cannot run here (a message of the
// catalog: msg.Local prints it in a language, Error in English).
var ErrNoPrivilege = msg.KernelNoPrivilege.Err()

// Available reports whether this process can run a program on the kernel:
// it needs CAP_NET_ADMIN and CAP_SYS_ADMIN (unshare, setns) and a TUN
// device. The answer is one line, to be printed as it is.
func Available() error {
	var hdr = unix.CapUserHeader{Version: unix.LINUX_CAPABILITY_VERSION_3}
	var data [2]unix.CapUserData
	if err := unix.Capget(&hdr, &data[0]); err != nil {
		return ErrNoPrivilege
	}
	has := func(c uint) bool { return data[c/32].Effective&(1<<(c%32)) != 0 }
	if !has(unix.CAP_NET_ADMIN) || !has(unix.CAP_SYS_ADMIN) {
		return ErrNoPrivilege
	}
	if _, err := os.Stat("/dev/net/tun"); err != nil {
		return ErrNoPrivilege
	}
	if _, err := os.Stat("/proc/thread-self/ns/net"); err != nil {
		return msg.KernelNoNetns.Err(err)
	}
	return nil
}

// Estimate is the real time a program needs on the kernel, roughly: its
// waits, plus settleCost for every settle and expect deadlock, plus one
// settle at the end.
func Estimate(prog *lang.Program) time.Duration {
	d := settleCost
	for _, st := range prog.All() {
		switch st := st.(type) {
		case *lang.Wait:
			d += st.D
		case *lang.Settle:
			d += settleCost
		case *lang.Expect:
			if st.Prop == lang.PropDeadlock {
				d += settleCost
			}
		}
	}
	return d
}

// Check refuses, before anything is made, what the kernel cannot run: the
// rfc profile, more than maxMachines machines, a read or write larger
// than one buffer, and a program longer than the budget (0:
// DefaultBudget).
func Check(prog *lang.Program, budget time.Duration) *lang.Error {
	if budget <= 0 {
		budget = DefaultBudget
	}
	l := prog.Lang
	machines := 0
	for _, h := range prog.Hosts {
		if h.Of < 0 {
			machines++
			if machines > maxMachines {
				return &lang.Error{Pos: h.Pos, Msg: msg.KernelMachines.In(l, maxMachines)}
			}
		}
	}
	if len(prog.Hosts) > maxThreads {
		return &lang.Error{Pos: prog.Hosts[maxThreads].Pos, Msg: msg.KernelThreads.In(l, maxThreads)}
	}
	calls := make([]int, len(prog.Hosts))
	for _, st := range prog.All() {
		switch st := st.(type) {
		case *lang.Set:
			if st.Key == "profile" && st.Word == "rfc" {
				return &lang.Error{Pos: st.Pos, Msg: msg.KernelRFC.In(l)}
			}
		case *lang.Call:
			if calls[st.Host]++; calls[st.Host] > maxQueued {
				return &lang.Error{Pos: st.Pos, Msg: msg.KernelQueued.In(l, maxQueued)}
			}
			if (st.Op == lang.OpRead || st.Op == lang.OpWrite) && st.N > maxIO {
				return &lang.Error{Pos: st.Pos, Msg: msg.KernelIO.In(l, st.Op.String(), st.N, maxIO)}
			}
		}
	}
	if e := Estimate(prog); e > budget {
		return &lang.Error{Pos: lang.FilePos(prog.Source.Name), Msg: msg.KernelBudget.In(l, e.Round(time.Second).String(), budget.String())}
	}
	return nil
}

// notOnKernel is why an expect cannot be checked on the kernel, in l, or
// "".
func notOnKernel(l msg.Lang, p lang.Prop) string {
	switch p {
	case lang.PropCwnd, lang.PropRwnd, lang.PropWindow:
		return msg.KernelWindowSkip.In(l)
	case lang.PropTime:
		return msg.KernelTimeSkip.In(l)
	}
	return ""
}
