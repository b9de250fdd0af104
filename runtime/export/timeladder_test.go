package export

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/tcps-dev/tcps/runtime"
)

const simultaneousClose = `host S ip 10.0.0.1
listen *:80 as L
accept as s
host C ip 10.0.0.2
connect S:80 as c
settle
S.s.close
C.c.close
wait 5ms
`

// In a simultaneous close both FINs are on their way at once: on a
// time-scaled ladder their arrows cross (each leaves before the other
// arrives), where fixed rows drew S's FIN arriving before C sent its own.
func TestTimeLadderFINsCross(t *testing.T) {
	prog, res, _ := run(t, "simultaneous-close.tcps", []byte(simultaneousClose))
	if len(res.Events) == 0 {
		t.Fatal("no events recorded")
	}
	var fins []int
	for i, p := range res.Packets {
		if p.Seg.Flags&runtime.FIN != 0 {
			fins = append(fins, i)
		}
	}
	if len(fins) != 2 {
		t.Fatalf("%d FINs", len(fins))
	}
	svg := string(TimeLadderSVG(prog, res.Packets, res.Events, 0, len(res.Packets), "close"))
	// Data and FIN arrows are the thick dark lines, in packet order.
	re := regexp.MustCompile(`<line x1="([0-9.]+)" y1="([0-9.]+)" x2="([0-9.]+)" y2="([0-9.]+)" stroke="#1d3557" stroke-width="3.5" marker-end`)
	var ls [][4]float64
	for _, m := range re.FindAllStringSubmatch(svg, -1) {
		var l [4]float64
		for k := range l {
			l[k], _ = strconv.ParseFloat(m[k+1], 64)
		}
		ls = append(ls, l)
	}
	// SYN, SYN-ACK, FIN, FIN: the last two.
	if len(ls) < 4 {
		t.Fatalf("%d thick arrows: %q", len(ls), svg)
	}
	a, b := ls[len(ls)-2], ls[len(ls)-1]
	if !(a[1] < b[3] && b[1] < a[3]) {
		t.Errorf("the FINs do not cross: %v and %v (each must leave before the other arrives)", a, b)
	}
	for _, s := range []string{"FIN_WAIT1", "CLOSING", "TIME_WAIT", "close()"} {
		if !strings.Contains(svg, s) {
			t.Errorf("the ladder does not mark %q on a lifeline", s)
		}
	}
}

// Pages end at each show ladder and, when long, between bursts, never
// inside one.
func TestLadderPages(t *testing.T) {
	pk := func(at, arrive int64) runtime.PacketRecord {
		return runtime.PacketRecord{At: runtime.Time(at), Arrive: runtime.Time(arrive)}
	}
	var ps []runtime.PacketRecord
	// A burst of 12 packets all in flight together, then 3 later.
	for i := 0; i < 12; i++ {
		ps = append(ps, pk(int64(i), 100))
	}
	for i := 0; i < 3; i++ {
		ps = append(ps, pk(int64(1000+i*200), int64(1100+i*200)))
	}
	pages := ladderPages(ps, nil)
	if len(pages) != 2 || pages[0] != (ladderPage{0, 12}) {
		t.Errorf("pages %v, want the burst of 12 whole, then the rest", pages)
	}
	pages = ladderPages(ps, []runtime.ShowRecord{{View: "ladder", At: 1000}})
	if len(pages) != 3 || pages[1] != (ladderPage{12, 13}) {
		t.Errorf("with show ladder at t=1000: pages %v, want the burst, the packet at 1000 (the show's page), the rest", pages)
	}
}

// The kernel's decisions are written where they are taken: the dropped
// final ACKs of a full accept queue on the server's lifeline, in red.
func TestTimeLadderDecisions(t *testing.T) {
	prog, res, _ := runFile(t, "../../scenarios/lecture/13-backlog-burst.tcps")
	figs := Figures(prog, res)
	found := false
	for _, f := range figs {
		// The sentence is wrapped to the room beside the lifeline.
		if f.Kind == "ladder" && strings.Contains(string(f.SVG), "final ACK dropped") && strings.Contains(string(f.SVG), "is full") {
			found = true
		}
	}
	if !found {
		t.Errorf("no ladder page marks the dropped final ACKs")
	}
}

// A show ladder with a range is a figure of its own, of the packets sent
// in that range, titled by its note; it does not cut the time pages.
func TestTimeLadderRange(t *testing.T) {
	prog, res, _ := runFile(t, "../../scenarios/views/ladder-range.tcps")
	var ranged []Figure
	for _, f := range Figures(prog, res) {
		if f.Kind == "ladder" && strings.HasSuffix(f.Name, "-range.svg") {
			ranged = append(ranged, f)
		}
	}
	if len(ranged) != 1 {
		t.Fatalf("%d range figures, want 1", len(ranged))
	}
	svg := string(ranged[0].SVG)
	if !strings.Contains(svg, "The close sequence") || !strings.Contains(svg, "[F.] seq 201") || strings.Contains(svg, "[S]") {
		t.Errorf("the range figure should hold the FINs and not the SYN, under the note's title:\n%.400s", svg)
	}
	if pages := ladderPages(res.Packets, res.Shows); len(pages) != 1 {
		t.Errorf("a ranged show ladder cut the time pages: %v", pages)
	}
}
