package kernel

import (
	"fmt"
	"net"
	"net/netip"
	"os"
	goruntime "runtime"
	"sync"

	"github.com/vishvananda/netlink"
	"github.com/vishvananda/netns"
	"golang.org/x/sys/unix"
)

// A machine's namespace is anonymous: it exists only as long as this
// process holds its file descriptor (or a thread inside it), so nothing is
// mounted under /run/netns and a killed run leaves nothing behind. Its TUN
// device is not persistent for the same reason: it goes with its fd.

// tunName is the name of the TUN device in each namespace; the namespaces
// are private, so the same name never collides.
const tunName = "tcps0"

// machine is one namespace with its TUN device.
type machine struct {
	host   int // lang host index of the machine
	name   string
	addrs  []netip.Addr
	nsFD   int
	tun    *os.File
	nl     *netlink.Handle
	nsIno  uint64
	tcp    *structures
	diagMu sync.Mutex // one dump at a time on nl; guards closed for dumps
	closed bool
}

// homeNS is this process's own network namespace, opened once: threads
// that entered a machine's namespace go back to it before they are handed
// back to the Go scheduler.
var homeNS = sync.OnceValues(func() (int, error) {
	return unix.Open("/proc/self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
})

// leaveNS ends a goroutine that locked its thread and entered a
// namespace: the thread goes home and is unlocked. If it cannot go home it
// stays locked, and Go ends it with the goroutine (or, for the main
// thread, parks it for good): no other goroutine ever runs in the wrong
// namespace.
func leaveNS() {
	if home, err := homeNS(); err == nil && unix.Setns(home, unix.CLONE_NEWNET) == nil {
		goruntime.UnlockOSThread()
	}
}

// inNS runs f on an OS thread that has entered the namespace.
func inNS(nsFD int, f func() error) error {
	if _, err := homeNS(); err != nil {
		return fmt.Errorf("open own namespace: %w", err)
	}
	ch := make(chan error, 1)
	go func() {
		goruntime.LockOSThread()
		defer leaveNS()
		if err := unix.Setns(nsFD, unix.CLONE_NEWNET); err != nil {
			ch <- fmt.Errorf("setns: %w", err)
			return
		}
		ch <- f()
	}()
	return <-ch
}

// newNamespace creates an anonymous network namespace and returns its
// descriptor. The creating thread goes back to the original namespace, or
// is discarded if it cannot.
func newNamespace() (int, error) {
	type res struct {
		fd  int
		err error
	}
	ch := make(chan res, 1)
	go func() {
		goruntime.LockOSThread()
		orig, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			goruntime.UnlockOSThread()
			ch <- res{-1, fmt.Errorf("open own namespace: %w", err)}
			return
		}
		defer unix.Close(orig)
		if err := unix.Unshare(unix.CLONE_NEWNET); err != nil {
			goruntime.UnlockOSThread()
			ch <- res{-1, fmt.Errorf("unshare(CLONE_NEWNET): %w", err)}
			return
		}
		fd, err := unix.Open("/proc/thread-self/ns/net", unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if unix.Setns(orig, unix.CLONE_NEWNET) == nil {
			goruntime.UnlockOSThread()
		} // else: the thread stays locked and dies with this goroutine
		ch <- res{fd, err}
	}()
	r := <-ch
	return r.fd, r.err
}

// setup creates the machine's namespace, TUN device, addresses and routes.
// initcwnd > 0 sets the route's initial congestion window.
func (m *machine) setup(initcwnd int64) error {
	fd, err := newNamespace()
	if err != nil {
		return err
	}
	m.nsFD = fd
	var st unix.Stat_t
	if unix.Fstat(fd, &st) == nil {
		m.nsIno = st.Ino
	}
	err = inNS(fd, func() error {
		tfd, err := unix.Open("/dev/net/tun", unix.O_RDWR|unix.O_CLOEXEC|unix.O_NONBLOCK, 0)
		if err != nil {
			return fmt.Errorf("open /dev/net/tun: %w", err)
		}
		ifr, err := unix.NewIfreq(tunName)
		if err != nil {
			unix.Close(tfd)
			return err
		}
		ifr.SetUint16(unix.IFF_TUN | unix.IFF_NO_PI)
		if err := unix.IoctlIfreq(tfd, unix.TUNSETIFF, ifr); err != nil {
			unix.Close(tfd)
			return fmt.Errorf("TUNSETIFF: %w", err)
		}
		m.tun = os.NewFile(uintptr(tfd), tunName)
		// No IPv6 on the TUN device: no router solicitations or
		// link-local addresses in the capture. Optional: a kernel
		// without IPv6 has no such file.
		if f, err := os.OpenFile("/proc/sys/net/ipv6/conf/"+tunName+"/disable_ipv6", os.O_WRONLY, 0); err == nil {
			f.WriteString("1")
			f.Close()
		}
		return nil
	})
	if err != nil {
		return err
	}
	h, err := netlink.NewHandleAt(netns.NsHandle(fd), unix.NETLINK_ROUTE, unix.NETLINK_INET_DIAG)
	if err != nil {
		return fmt.Errorf("netlink in namespace: %w", err)
	}
	m.nl = h
	lo, err := h.LinkByName("lo")
	if err != nil {
		return fmt.Errorf("lo: %w", err)
	}
	if err := h.LinkSetUp(lo); err != nil {
		return fmt.Errorf("lo up: %w", err)
	}
	tun, err := h.LinkByName(tunName)
	if err != nil {
		return fmt.Errorf("%s: %w", tunName, err)
	}
	for _, a := range m.addrs {
		ip := net.IP(a.AsSlice())
		if err := h.AddrAdd(tun, &netlink.Addr{IPNet: &net.IPNet{IP: ip, Mask: net.CIDRMask(32, 32)}}); err != nil {
			return fmt.Errorf("address %s: %w", a, err)
		}
	}
	if err := h.LinkSetUp(tun); err != nil {
		return fmt.Errorf("%s up: %w", tunName, err)
	}
	// Every address that is not the machine's own goes to the TUN device,
	// that is to the relay, which drops what no machine owns: nothing
	// leaves the namespaces.
	r := &netlink.Route{LinkIndex: tun.Attrs().Index, Scope: netlink.SCOPE_LINK,
		Dst: &net.IPNet{IP: net.IPv4zero.To4(), Mask: net.CIDRMask(0, 32)}}
	if len(m.addrs) > 0 {
		r.Src = net.IP(m.addrs[0].AsSlice())
	}
	if initcwnd > 0 {
		r.InitCwnd = int(initcwnd)
	}
	if err := h.RouteAdd(r); err != nil {
		return fmt.Errorf("route: %w", err)
	}
	return nil
}

// close releases the machine: the TUN device goes with its descriptor and
// the namespace with the last descriptor or thread that holds it.
func (m *machine) close() {
	m.diagMu.Lock()
	defer m.diagMu.Unlock()
	if m.closed {
		return
	}
	m.closed = true
	if m.tun != nil {
		m.tun.Close()
	}
	if m.nl != nil {
		m.nl.Close()
	}
	if m.nsFD > 0 {
		unix.Close(m.nsFD)
	}
}

// setInitCwnd changes the initial congestion window of the machine's
// route (0: Linux's default).
func (m *machine) setInitCwnd(n int64) {
	tun, err := m.nl.LinkByName(tunName)
	if err != nil {
		return
	}
	r := &netlink.Route{LinkIndex: tun.Attrs().Index, Scope: netlink.SCOPE_LINK,
		Dst: &net.IPNet{IP: net.IPv4zero.To4(), Mask: net.CIDRMask(0, 32)}, InitCwnd: int(n)}
	if len(m.addrs) > 0 {
		r.Src = net.IP(m.addrs[0].AsSlice())
	}
	m.nl.RouteReplace(r)
}
