package kernel

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/lang"
)

// The helper process of TestCleanupAfterKill: a run that waits long
// enough to be killed midway, printing its namespaces' inodes when they
// exist.
func TestMain(m *testing.M) {
	if os.Getenv("TCPS_KERNEL_HELPER") == "1" {
		prog, err := lang.Check("long.tcps", []byte(`host S ip 10.0.0.1
listen *:80 as L
accept as s
host C ip 10.0.0.2
connect S:80 as c
C.c.write 1000
wait 30s
`))
		if err != nil {
			fmt.Println("error", err)
			os.Exit(3)
		}
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		res := Run(prog, Options{Context: ctx, Ready: func(inodes []uint64) {
			fmt.Println("ready", strings.Trim(fmt.Sprint(inodes), "[]"))
		}})
		stop()
		fmt.Println("exit", res.ExitCode())
		os.Exit(res.ExitCode())
	}
	os.Exit(m.Run())
}

// netnsHolders lists what still holds a network namespace with one of
// the inodes: as its namespace, a thread's, or an open descriptor, in the
// processes that could hold the run's namespaces: the process of the run
// (pid) and the tools it starts (nsenter, netstat, ss). Other processes
// are not looked at: namespace inode numbers are reused as soon as a
// namespace is gone, and other tests make namespaces at the same time.
func netnsHolders(pid int, inodes []string) []string {
	want := map[string]bool{}
	for _, i := range inodes {
		want["net:["+i+"]"] = true
	}
	var out []string
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		comm, _ := os.ReadFile(p + "/comm")
		c := strings.TrimSpace(string(comm))
		if p != fmt.Sprintf("/proc/%d", pid) && c != "nsenter" && c != "netstat" && c != "ss" {
			continue
		}
		for _, pat := range []string{p + "/ns/net", p + "/task/[0-9]*/ns/net", p + "/fd/*"} {
			links, _ := filepath.Glob(pat)
			for _, l := range links {
				if t, err := os.Readlink(l); err == nil && want[t] {
					out = append(out, l+" -> "+t)
				}
			}
		}
	}
	return out
}

// tcpsTraces lists what on the machine names tcps: named namespaces,
// devices in this namespace, mounts. The executor makes none of them (its
// namespaces are anonymous); the test compares the lists before and after
// a run, so that other programs' namespaces (a benchmark's) do not count.
func tcpsTraces() map[string]bool {
	out := map[string]bool{}
	for _, src := range [][]string{{"ip", "netns", "list"}, {"ip", "-o", "link"}} {
		b, _ := exec.Command(src[0], src[1:]...).Output()
		for _, l := range strings.Split(string(b), "\n") {
			if strings.Contains(l, "tcps") {
				out[src[1]+": "+l] = true
			}
		}
	}
	b, _ := os.ReadFile("/proc/self/mountinfo")
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "tcps") {
			out["mount: "+l] = true
		}
	}
	return out
}

func TestCleanupAfterKill(t *testing.T) {
	needKernel(t)
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM, os.Kill} {
		t.Run(sig.String(), func(t *testing.T) {
			before := tcpsTraces()
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), "TCPS_KERNEL_HELPER=1")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			sc := bufio.NewScanner(stdout)
			var inodes []string
			for sc.Scan() {
				if f := strings.Fields(sc.Text()); len(f) > 0 && f[0] == "ready" {
					inodes = f[1:]
					break
				}
			}
			if len(inodes) != 2 {
				cmd.Process.Kill()
				t.Fatalf("helper did not report two namespaces: %v", inodes)
			}
			if h := netnsHolders(cmd.Process.Pid, inodes); len(h) == 0 {
				t.Fatalf("the namespaces are not found while the run is going: the check cannot fail")
			}
			time.Sleep(300 * time.Millisecond) // midway: connected, data sent, waiting
			cmd.Process.Signal(sig)
			done := make(chan error, 1)
			go func() {
				for sc.Scan() {
				}
				done <- cmd.Wait()
			}()
			select {
			case err := <-done:
				if sig != os.Kill {
					if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
						t.Errorf("exit after %v: %v, want status 1", sig, err)
					}
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("the run did not stop within 10 s of %v", sig)
			}
			if h := netnsHolders(cmd.Process.Pid, inodes); len(h) > 0 {
				t.Errorf("namespaces still held after %v: %v", sig, h)
			}
			for l := range tcpsTraces() {
				if !before[l] {
					t.Errorf("left after %v: %s", sig, l)
				}
			}
		})
	}
}
