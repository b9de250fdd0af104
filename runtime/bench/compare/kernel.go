//go:build linux

package main

// The kernel's side: a child process (compare kernel [-veth] bulk BYTES |
// clients N) that moves the workload through real sockets and exits when
// the receiver has every byte. With -veth the listener lives in one
// network namespace and the clients in another, joined by a veth pair
// that vethUp made; otherwise both ends use loopback with TCP_MAXSEG 1460.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	goruntime "runtime"
	"strconv"
	"syscall"

	"github.com/vishvananda/netns"
)

// The veth set-up: two namespaces, an address each on a /30.
const (
	nsServer   = "tcpsbench-srv"
	nsClient   = "tcpsbench-cli"
	addrServer = "10.254.0.1"
	addrClient = "10.254.0.2"
)

// vethUp makes the two namespaces and the veth pair between them (MTU
// 1500, so the MSS is 1460). It needs root and iproute2.
func vethUp() error {
	if os.Geteuid() != 0 {
		return errors.New("needs root")
	}
	if _, err := exec.LookPath("ip"); err != nil {
		return errors.New("no ip command (apt-get install iproute2)")
	}
	vethDown() // what an interrupted run left
	steps := [][]string{
		{"netns", "add", nsServer},
		{"netns", "add", nsClient},
		{"link", "add", "tcpsb0", "mtu", "1500", "netns", nsServer, "type", "veth", "peer", "name", "tcpsb1", "mtu", "1500", "netns", nsClient},
		{"-n", nsServer, "addr", "add", addrServer + "/30", "dev", "tcpsb0"},
		{"-n", nsClient, "addr", "add", addrClient + "/30", "dev", "tcpsb1"},
		{"-n", nsServer, "link", "set", "tcpsb0", "up"},
		{"-n", nsClient, "link", "set", "tcpsb1", "up"},
		{"-n", nsServer, "link", "set", "lo", "up"},
		{"-n", nsClient, "link", "set", "lo", "up"},
	}
	for _, s := range steps {
		if out, err := exec.Command("ip", s...).CombinedOutput(); err != nil {
			vethDown()
			return fmt.Errorf("ip %v: %v %s", s, err, out)
		}
	}
	return nil
}

// vethDown deletes the namespaces (and so the veth pair).
func vethDown() {
	exec.Command("ip", "netns", "del", nsServer).Run()
	exec.Command("ip", "netns", "del", nsClient).Run()
}

// inNetns runs f on a thread moved into the named namespace (sockets
// made there stay there), then moves the thread back.
func inNetns(name string, f func() error) error {
	if name == "" {
		return f()
	}
	goruntime.LockOSThread()
	defer goruntime.UnlockOSThread()
	orig, err := netns.Get()
	if err != nil {
		return err
	}
	defer orig.Close()
	h, err := netns.GetFromName(name)
	if err != nil {
		return err
	}
	defer h.Close()
	if err := netns.Set(h); err != nil {
		return err
	}
	defer netns.Set(orig)
	return f()
}

func kernelMain(args []string) int {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	veth := fs.Bool("veth", false, "through the veth pair between the two namespaces")
	if err := fs.Parse(args); err != nil || fs.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: compare kernel [-veth] bulk BYTES | clients N")
		return 2
	}
	n, err := strconv.ParseInt(fs.Arg(1), 10, 64)
	if err != nil || n < 1 {
		fmt.Fprintln(os.Stderr, "kernel: bad count", fs.Arg(1))
		return 2
	}
	if fs.Arg(0) == "clients" {
		// A descriptor a client, and the accepted end until it is read.
		if err := raiseNofile(uint64(n + 256)); err != nil {
			fmt.Fprintln(os.Stderr, "kernel: open files:", err)
			return 1
		}
	}
	srvNS, cliNS, host := "", "", "127.0.0.1"
	if *veth {
		srvNS, cliNS, host = nsServer, nsClient, addrServer
	}
	var ln net.Listener
	if err := inNetns(srvNS, func() (err error) {
		lc := net.ListenConfig{Control: maxseg}
		ln, err = lc.Listen(context.Background(), "tcp4", host+":0")
		return err
	}); err != nil {
		fmt.Fprintln(os.Stderr, "kernel: listen:", err)
		return 1
	}
	addr := ln.Addr().String()
	switch fs.Arg(0) {
	case "bulk":
		err = kernelBulk(ln, addr, cliNS, n)
	case "clients":
		err = kernelClients(ln, addr, cliNS, int(n))
	default:
		err = fmt.Errorf("unknown workload %q", fs.Arg(0))
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "kernel:", err)
		return 1
	}
	return 0
}

// raiseNofile makes sure the process may hold n descriptors.
func raiseNofile(n uint64) error {
	var r syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &r); err != nil {
		return err
	}
	if r.Cur >= n {
		return nil
	}
	if r.Max < n {
		return fmt.Errorf("%d clients need %d descriptors, the hard limit is %d", n-256, n, r.Max)
	}
	r.Cur = r.Max
	return syscall.Setrlimit(syscall.RLIMIT_NOFILE, &r)
}

// maxseg sets TCP_MAXSEG 1460 before connect or listen (loopback's MTU
// would allow 65483).
func maxseg(network, address string, c syscall.RawConn) error {
	var serr error
	err := c.Control(func(fd uintptr) {
		serr = syscall.SetsockoptInt(int(fd), syscall.IPPROTO_TCP, syscall.TCP_MAXSEG, 1460)
	})
	if err != nil {
		return err
	}
	return serr
}

// dial connects from the client namespace.
func dial(cliNS, addr string) (c net.Conn, err error) {
	err = inNetns(cliNS, func() error {
		d := net.Dialer{Control: maxseg}
		c, err = d.Dial("tcp4", addr)
		return err
	})
	return c, err
}

// kernelBulk sends n bytes through one connection; it returns when the
// receiver has read them all.
func kernelBulk(ln net.Listener, addr, cliNS string, n int64) error {
	got := make(chan error, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			got <- err
			return
		}
		defer c.Close()
		m, err := io.Copy(io.Discard, c)
		if err == nil && m != n {
			err = fmt.Errorf("received %d of %d bytes", m, n)
		}
		got <- err
	}()
	c, err := dial(cliNS, addr)
	if err != nil {
		return err
	}
	buf := make([]byte, 64<<10)
	for left := n; left > 0; {
		k := min(left, int64(len(buf)))
		if _, err := c.Write(buf[:k]); err != nil {
			return err
		}
		left -= k
	}
	c.Close()
	return <-got
}

// kernelClients opens n connections that write 100 bytes each; the
// server accepts each, reads its 100 bytes and closes its end (so that
// 10,000 clients fit in 20,000 descriptors). The clients keep theirs
// until all is received, then reset them (SO_LINGER 0), so that no
// TIME_WAIT is left to the next run.
func kernelClients(ln net.Listener, addr, cliNS string, n int) error {
	got := make(chan error, 1)
	go func() {
		done := make(chan error, n)
		for range n {
			c, err := ln.Accept()
			if err != nil {
				got <- err
				return
			}
			go func() {
				var b [100]byte
				_, err := io.ReadFull(c, b[:])
				c.Close()
				done <- err
			}()
		}
		for range n {
			if err := <-done; err != nil {
				got <- err
				return
			}
		}
		got <- nil
	}()
	msg := make([]byte, 100)
	conns := make([]net.Conn, 0, n)
	defer func() {
		for _, c := range conns {
			c.(*net.TCPConn).SetLinger(0)
			c.Close()
		}
	}()
	for range n {
		c, err := dial(cliNS, addr)
		if err != nil {
			return err
		}
		conns = append(conns, c)
		if _, err := c.Write(msg); err != nil {
			return err
		}
	}
	return <-got
}
