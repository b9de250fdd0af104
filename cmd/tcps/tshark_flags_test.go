package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tcps-dev/tcps/lang"
	"github.com/tcps-dev/tcps/runtime"
)

// TestTsharkWindowFlags: in the zero-window scenarios, tshark's TCP
// analysis must flag window-full, zero-window, zero-window-probe (rfc) or
// keep-alive (linux) and window-update on exactly the segments the model
// says, and on no others. The expected frames are derived here from the
// recorded packets, independently of the model's notes where the rule
// allows: window full is a data segment that ends on the right edge the
// peer last advertised; zero window is a non-RST segment with window 0.
func TestTsharkWindowFlags(t *testing.T) {
	tshark := renderNeedTool(t, "tshark", "tshark")
	flags := []string{"window_full", "zero_window", "zero_window_probe", "window_update", "keep_alive"}
	for _, name := range []string{"07-zero-window-rfc", "08-zero-window-linux"} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join("..", "..", "scenarios", "lecture", name+".tcps")
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			prog, err := lang.Check(path, src)
			if err != nil {
				t.Fatal(err)
			}
			res := runtime.Run(prog, runtime.Options{Record: true})
			want := map[string][]int{}
			type dir struct{ from, to runtime.Addr }
			edge := map[dir]int64{} // right edge advertised to the sender of a direction
			for i := range res.Packets {
				p := &res.Packets[i]
				s := p.Seg
				frame := i + 1
				if s.Len > 0 && p.Note() == "" {
					if e, ok := edge[dir{s.SrcIP, s.DstIP}]; ok && s.Seq+int64(s.Len) == e {
						want["window_full"] = append(want["window_full"], frame)
					}
				}
				if s.Win == 0 && s.Flags&runtime.RST == 0 {
					want["zero_window"] = append(want["zero_window"], frame)
				}
				switch {
				case p.Note() == "zero-window probe" && s.Len == 1:
					want["zero_window_probe"] = append(want["zero_window_probe"], frame)
				case p.Note() == "zero-window probe" && s.Len == 0:
					want["keep_alive"] = append(want["keep_alive"], frame)
				case p.Note() == "window update":
					want["window_update"] = append(want["window_update"], frame)
				}
				if s.Flags&runtime.ACK != 0 {
					edge[dir{s.DstIP, s.SrcIP}] = s.Ack + int64(s.Win)
				}
			}
			if len(want["zero_window"]) == 0 || len(want["window_update"]) == 0 || len(want["window_full"]) == 0 {
				t.Fatalf("the scenario no longer stages a zero window: %v", want)
			}
			capFile := filepath.Join(t.TempDir(), name+".pcap")
			if code, _, stderr := renderRun(t, "render", "pcap", path, "-o", capFile); code != 0 {
				t.Fatalf("render: %s", stderr)
			}
			args := []string{"-r", capFile, "-n", "-T", "fields", "-E", "separator=/t", "-e", "frame.number"}
			for _, f := range flags {
				args = append(args, "-e", "tcp.analysis."+f)
			}
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			var out bytes.Buffer
			cmd := exec.CommandContext(ctx, tshark, args...)
			cmd.Stdout = &out
			if err := cmd.Run(); err != nil {
				t.Fatalf("tshark: %v", err)
			}
			got := map[string][]int{}
			for _, line := range strings.Split(strings.TrimRight(out.String(), "\n"), "\n") {
				fields := strings.Split(line, "\t")
				var frame int
				fmt.Sscan(fields[0], &frame)
				for i, f := range flags {
					if i+1 < len(fields) && fields[i+1] != "" {
						got[f] = append(got[f], frame)
					}
				}
			}
			for _, f := range flags {
				if fmt.Sprint(got[f]) != fmt.Sprint(want[f]) {
					t.Errorf("tshark flags %s on frames %v; the model's trace says %v", f, got[f], want[f])
				}
			}
			t.Logf("frames by flag: %v", got)
		})
	}
}
