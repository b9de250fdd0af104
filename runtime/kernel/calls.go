package kernel

import (
	"os"
	goruntime "runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
	"unsafe"

	"github.com/tcps-dev/tcps/lang"
	"golang.org/x/sys/unix"
)

// thread is one host entry's thread of calls: a goroutine locked to an OS
// thread inside the machine's namespace, making the calls in order.
type thread struct {
	idx  int
	name string
	m    *machine
	reqs chan *pending
	tid  atomic.Int32
	mu   sync.Mutex
	cur  *pending // the call in progress, if it blocks
	q    int      // calls sent and not finished
	done chan struct{}
}

// pending is one call on its way.
type pending struct {
	call    *lang.Call
	stmt    int
	started atomic.Bool
	sysno   atomic.Int64 // the blocking system call about to be made
	issued  time.Time
	fin     chan struct{}
	ret     int64
	errno   unix.Errno
	blocked atomic.Bool // traced as blocking
	slept   bool        // the call slept in the kernel (set before fin is closed)
	nvcsw   int64
	acked   bool // an expect blocked / deadlock acknowledged it
}

// start runs the thread.
func (t *thread) start(r *runner) {
	t.reqs = make(chan *pending, maxQueued) // Check bounds the calls per thread
	t.done = make(chan struct{})
	go func() {
		defer close(t.done)
		goruntime.LockOSThread()
		defer leaveNS()
		if err := unix.Setns(t.m.nsFD, unix.CLONE_NEWNET); err != nil {
			for p := range t.reqs {
				p.ret, p.errno = -1, errnoOf(err)
				close(p.fin)
			}
			return
		}
		t.tid.Store(int32(unix.Gettid()))
		for p := range t.reqs {
			t.mu.Lock()
			t.cur = p
			t.mu.Unlock()
			r.do(t, p)
			t.mu.Lock()
			t.cur = nil
			t.q--
			t.mu.Unlock()
			close(p.fin)
		}
	}()
}

// blockedNow reports whether the thread sleeps inside the system call
// the pending call is making, from /proc/self/task/TID/syscall.
func (t *thread) blockedNow(p *pending) bool {
	if !p.started.Load() {
		return false
	}
	b, err := os.ReadFile("/proc/self/task/" + strconv.Itoa(int(t.tid.Load())) + "/syscall")
	if err != nil {
		return false
	}
	f := strings.Fields(string(b))
	if len(f) == 0 || f[0] == "running" {
		return false
	}
	n, err := strconv.ParseInt(f[0], 10, 64)
	return err == nil && n == p.sysno.Load()
}

// busy is the call the thread is blocked in, or nil.
func (t *thread) busy() *pending {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.cur != nil && t.cur.blocked.Load() {
		return t.cur
	}
	return nil
}

// idle reports whether the thread has no call in progress or waiting.
func (t *thread) idle() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.q == 0
}

// maxIO bounds the buffer of one read or write.
const maxIO = 64 << 20

var zeros = make([]byte, 0)
var zerosMu sync.Mutex

func ioBuf(n int64) []byte {
	zerosMu.Lock()
	defer zerosMu.Unlock()
	if int64(len(zeros)) < n {
		zeros = make([]byte, n)
	}
	return zeros[:n]
}

func sockaddr(e lang.Endpoint) *unix.SockaddrInet4 {
	sa := &unix.SockaddrInet4{Port: int(e.Port)}
	if e.Addr.IsValid() {
		sa.Addr = e.Addr.As4()
	}
	return sa
}

func errnoOf(err error) unix.Errno {
	if e, ok := err.(unix.Errno); ok {
		return e
	}
	return unix.EIO
}

// blocking marks the system call about to be made, for blockedNow, and
// counts the thread's voluntary context switches: a call that sleeps in
// the kernel makes one (getrusage RUSAGE_THREAD, ru_nvcsw), however short
// the sleep. returned, called right after the system call, compares.
func blocking(p *pending, sysno uintptr) {
	var ru unix.Rusage
	unix.Getrusage(unix.RUSAGE_THREAD, &ru)
	p.nvcsw = ru.Nvcsw
	p.sysno.Store(int64(sysno))
	p.started.Store(true)
}

func returned(p *pending) {
	var ru unix.Rusage
	unix.Getrusage(unix.RUSAGE_THREAD, &ru)
	p.slept = ru.Nvcsw > p.nvcsw
}

// newSocket makes a socket with the host's settings and the call's options.
func (r *runner) newSocket(t *thread, c *lang.Call) (int, error) {
	fd, err := unix.Socket(unix.AF_INET, unix.SOCK_STREAM|unix.SOCK_CLOEXEC, 0)
	if err != nil {
		return -1, err
	}
	r.mu.Lock()
	cfg := r.sockets(c.Host)
	r.mu.Unlock()
	if cfg.SndBuf > 0 {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_SNDBUF, int(cfg.SndBuf))
	}
	if cfg.RcvBuf > 0 {
		unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_RCVBUF, int(cfg.RcvBuf))
	}
	if cfg.MSS > 0 {
		unix.SetsockoptInt(fd, unix.IPPROTO_TCP, unix.TCP_MAXSEG, int(cfg.MSS))
	}
	if c.Opts != nil {
		if err := setOpts(fd, c.Opts); err != nil {
			unix.Close(fd)
			return -1, err
		}
	}
	cookie, err := unix.GetsockoptUint64(fd, unix.SOL_SOCKET, unix.SO_COOKIE)
	if err != nil {
		unix.Close(fd)
		return -1, err
	}
	r.mu.Lock()
	s := r.machines[r.prog.Machine(c.Host)].tcp.add(cookie)
	r.fdStruct[fd] = s
	r.mu.Unlock()
	return fd, nil
}

func setOpts(fd int, o *lang.SockOpts) error {
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	if o.ReuseAddr != nil {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEADDR, b(*o.ReuseAddr)); err != nil {
			return err
		}
	}
	if o.ReusePort != nil {
		if err := unix.SetsockoptInt(fd, unix.SOL_SOCKET, unix.SO_REUSEPORT, b(*o.ReusePort)); err != nil {
			return err
		}
	}
	if o.Linger != nil {
		l := &unix.Linger{Onoff: 1, Linger: int32(*o.Linger / time.Second)}
		if err := unix.SetsockoptLinger(fd, unix.SOL_SOCKET, unix.SO_LINGER, l); err != nil {
			return err
		}
	}
	return nil
}

// do makes one call on the thread (inside the namespace).
func (r *runner) do(t *thread, p *pending) {
	c := p.call
	ret, err := r.syscall(t, p, c)
	if err != nil {
		p.ret, p.errno = -1, errnoOf(err)
		return
	}
	p.ret = ret
}

// handleFD is the descriptor of a handle, or -1.
func (r *runner) handleFD(h int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	if h < 0 || r.fds[h] < 0 {
		return -1
	}
	return r.fds[h]
}

func (r *runner) setHandle(h, fd int) {
	r.mu.Lock()
	r.fds[h] = fd
	if s := r.fdStruct[fd]; s != nil {
		r.hstruct[h] = s
	}
	r.mu.Unlock()
}

func (r *runner) syscall(t *thread, p *pending, c *lang.Call) (int64, error) {
	fd := -1
	if c.Sock.Handle >= 0 {
		fd = r.handleFD(c.Sock.Handle)
		if fd < 0 {
			return -1, unix.EBADF
		}
	} else if c.Sock.Num >= 0 {
		fd = r.numFD(c.Host, c.Sock.Num)
		if fd < 0 {
			return -1, unix.EBADF
		}
	}
	switch c.Op {
	case lang.OpSocket, lang.OpBind, lang.OpListen, lang.OpConnect:
		if fd < 0 {
			nfd, err := r.newSocket(t, c)
			if err != nil {
				return -1, err
			}
			fd = nfd
			if c.New >= 0 {
				r.setHandle(c.New, fd)
			}
		} else if c.Opts != nil {
			if err := setOpts(fd, c.Opts); err != nil {
				return -1, err
			}
		}
		switch c.Op {
		case lang.OpSocket:
			return int64(fd), nil
		case lang.OpBind:
			return 0, unix.Bind(fd, sockaddr(c.Local()))
		case lang.OpListen:
			if c.HasLoc {
				if err := unix.Bind(fd, sockaddr(c.Local())); err != nil {
					return -1, err
				}
			}
			backlog := 128
			if c.Backlog {
				backlog = int(c.N)
			}
			return 0, unix.Listen(fd, backlog)
		default: // connect
			if c.HasLoc {
				if err := unix.Bind(fd, sockaddr(c.Local())); err != nil {
					return -1, err
				}
			}
			blocking(p, unix.SYS_CONNECT)
			err := unix.Connect(fd, sockaddr(c.Remote()))
			returned(p)
			r.learn(c.Host, fd)
			return 0, err
		}
	case lang.OpAccept:
		blocking(p, unix.SYS_ACCEPT4)
		nfd, _, err := unix.Accept4(fd, unix.SOCK_CLOEXEC)
		returned(p)
		if err != nil {
			return -1, err
		}
		r.adopt(c.Host, nfd)
		if c.New >= 0 {
			r.setHandle(c.New, nfd)
		}
		return int64(nfd), nil
	case lang.OpWrite:
		if c.N > maxIO {
			return -1, unix.EMSGSIZE
		}
		buf := ioBuf(c.N)
		blocking(p, unix.SYS_SENDTO)
		var ptr unsafe.Pointer
		if len(buf) > 0 {
			ptr = unsafe.Pointer(&buf[0])
		}
		n, _, e := unix.Syscall6(unix.SYS_SENDTO, uintptr(fd), uintptr(ptr), uintptr(len(buf)), unix.MSG_NOSIGNAL, 0, 0)
		returned(p)
		if e != 0 {
			return -1, e
		}
		return int64(n), nil
	case lang.OpRead:
		if c.N > maxIO {
			return -1, unix.EMSGSIZE
		}
		buf := make([]byte, c.N)
		flags := 0
		if c.WaitAll {
			flags = unix.MSG_WAITALL
		}
		blocking(p, unix.SYS_RECVFROM)
		n, _, err := unix.Recvfrom(fd, buf, flags)
		returned(p)
		if err != nil {
			return -1, err
		}
		if c.Sock.Handle >= 0 {
			r.mu.Lock()
			r.delivered[c.Sock.Handle] += int64(n)
			r.mu.Unlock()
		}
		return int64(n), nil
	case lang.OpClose:
		r.forget(fd, c.Sock.Handle)
		blocking(p, unix.SYS_CLOSE)
		err := unix.Close(fd)
		returned(p)
		return 0, err
	case lang.OpShutdown:
		how := [...]int{unix.SHUT_RD, unix.SHUT_WR, unix.SHUT_RDWR}[c.How]
		return 0, unix.Shutdown(fd, how)
	case lang.OpSockopt:
		if c.Opts != nil {
			return 0, setOpts(fd, c.Opts)
		}
		return 0, nil
	}
	return -1, unix.EINVAL
}

// learn records a program socket's addresses once it has them.
func (r *runner) learn(host, fd int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := r.fdStruct[fd]
	if s == nil {
		return
	}
	if sa, err := unix.Getsockname(fd); err == nil {
		if a, ok := sa.(*unix.SockaddrInet4); ok {
			s.local = endpoint{netipFrom4(a.Addr), uint16(a.Port)}
		}
	}
	if sa, err := unix.Getpeername(fd); err == nil {
		if a, ok := sa.(*unix.SockaddrInet4); ok {
			s.remote = endpoint{netipFrom4(a.Addr), uint16(a.Port)}
		}
	}
}

// adopt ties an accepted descriptor to its structure: the one with its
// 4-tuple, or a new one.
func (r *runner) adopt(host, fd int) {
	var local, remote endpoint
	if sa, err := unix.Getsockname(fd); err == nil {
		if a, ok := sa.(*unix.SockaddrInet4); ok {
			local = endpoint{netipFrom4(a.Addr), uint16(a.Port)}
		}
	}
	if sa, err := unix.Getpeername(fd); err == nil {
		if a, ok := sa.(*unix.SockaddrInet4); ok {
			remote = endpoint{netipFrom4(a.Addr), uint16(a.Port)}
		}
	}
	cookie, _ := unix.GetsockoptUint64(fd, unix.SOL_SOCKET, unix.SO_COOKIE)
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.machines[r.prog.Machine(host)]
	s := m.tcp.byCookie(cookie)
	if s == nil {
		s = m.tcp.byTuple(local, remote)
	}
	if s == nil {
		s = m.tcp.add(cookie)
		s.owned = false
		s.local, s.remote = local, remote
	}
	r.fdStruct[fd] = s
}

// forget drops a descriptor before it is closed.
func (r *runner) forget(fd, h int) {
	r.mu.Lock()
	delete(r.fdStruct, fd)
	if h >= 0 {
		r.fds[h] = -1
	}
	r.mu.Unlock()
}

// numFD is the descriptor of structure num of the host's machine, or -1.
func (r *runner) numFD(host, num int) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	m := r.machines[r.prog.Machine(host)]
	if num >= len(m.tcp.list) {
		return -1
	}
	want := m.tcp.list[num]
	for fd, s := range r.fdStruct {
		if s == want {
			return fd
		}
	}
	return -1
}
