package export

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// svgInfo is what a test needs to know about a parsed SVG document.
type svgInfo struct {
	width, height float64
	texts         []string // the character data of every <text>, tspans joined
	elements      map[string]int
}

// parseSVG parses an SVG document with encoding/xml, failing the test on
// any XML error, and checks the root element.
func parseSVG(t *testing.T, name string, data []byte) svgInfo {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.Strict = true
	info := svgInfo{elements: map[string]int{}}
	depth, textDepth := 0, 0
	var text strings.Builder
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s: not well-formed XML: %v", name, err)
		}
		switch tk := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if tk.Name.Local != "svg" || tk.Name.Space != "http://www.w3.org/2000/svg" {
					t.Fatalf("%s: root element %v, want svg in the SVG namespace", name, tk.Name)
				}
				attrs := map[string]string{}
				for _, a := range tk.Attr {
					attrs[a.Name.Local] = a.Value
				}
				info.width, _ = strconv.ParseFloat(attrs["width"], 64)
				info.height, _ = strconv.ParseFloat(attrs["height"], 64)
				if info.width < 100 || info.height < 100 {
					t.Errorf("%s: size %q x %q", name, attrs["width"], attrs["height"])
				}
				if attrs["viewBox"] != "0 0 "+attrs["width"]+" "+attrs["height"] {
					t.Errorf("%s: viewBox %q does not match the size", name, attrs["viewBox"])
				}
			}
			depth++
			info.elements[tk.Name.Local]++
			if tk.Name.Local == "text" {
				textDepth = depth
				text.Reset()
			}
		case xml.EndElement:
			if tk.Name.Local == "text" && depth == textDepth {
				info.texts = append(info.texts, text.String())
				textDepth = 0
			}
			depth--
		case xml.CharData:
			if textDepth > 0 {
				text.Write(tk)
			}
		}
	}
	if depth != 0 {
		t.Fatalf("%s: unbalanced elements", name)
	}
	return info
}

func (s svgInfo) hasText(want string) bool {
	for _, t := range s.texts {
		if t == want {
			return true
		}
	}
	return false
}

func TestFiguresByteStream(t *testing.T) {
	prog, res, _ := runFile(t, byteStream)
	figs := FiguresWith(prog, res, FigureOptions{Debug: true, FixedRows: true})
	pages := (len(res.Packets) + LadderPageSize - 1) / LadderPageSize
	var names []string
	for _, f := range figs {
		names = append(names, f.Name)
	}
	want := []string{"fig-01-queues.svg", "fig-02-queues.svg", "fig-03-queues.svg"}
	for p := 1; p <= pages; p++ {
		want = append(want, fmt.Sprintf("fig-%02d-ladder-%d.svg", 3+p, p))
	}
	if strings.Join(names, " ") != strings.Join(want, " ") {
		t.Fatalf("figures %q, want %q", names, want)
	}
	q := parseSVG(t, figs[0].Name, figs[0].SVG)
	if q.width != 1280 {
		t.Errorf("queues figure %v pixels wide, want 1280 (a slide)", q.width)
	}
	for _, s := range []string{
		"after three writes", "show queues at t=4.000ms (line 21)",
		"C.0 SendQ", "6500 bytes", "in flight", "S.1 RecvQ", "1500 bytes", "S.1 Delivered", "0 bytes", "empty",
		"write 3: 3000-7999",   // fits in its bar on one line
		"write 2", "1500-2999", // does not: on two lines
		"write 1", "0-999",
		"1500", "8000", // the cut between RecvQ and SendQ, and the end of the stream
		"write 1: 0-999", "write 2: 1000-2999", // the legend
	} {
		if !q.hasText(s) {
			t.Errorf("the first queues figure has no text %q; it has %q", s, q.texts)
		}
	}
	if q.elements["rect"] < 10 {
		t.Errorf("the queues figure has %d rects", q.elements["rect"])
	}
	// Readable when projected: no text under 17 pixels.
	sizes := regexp.MustCompile(`font-size="([0-9.]+)"`).FindAllStringSubmatch(string(figs[0].SVG), -1)
	for _, m := range sizes {
		if v, _ := strconv.ParseFloat(m[1], 64); v < 17 {
			t.Errorf("font size %v is too small for a projected slide", v)
		}
	}

	l := parseSVG(t, figs[3].Name, figs[3].SVG)
	for _, s := range []string{"C", "S", "10.0.0.2", "10.0.0.1", "[S] seq 0 win 65535 mss 500", "[S.] seq 0 ack 1 win 65535 mss 500", "[.] ack 1 win 65535",
		"[.] 1:501 ack 1 win 65535 (held)", "0.000ms", "1.000ms"} {
		if !l.hasText(s) {
			t.Errorf("the first ladder page has no text %q; it has %q", s, l.texts)
		}
	}
	if l.elements["line"] < LadderPageSize+2 {
		t.Errorf("the ladder page has %d lines, want at least one per packet and host", l.elements["line"])
	}

	again := FiguresWith(prog, res, FigureOptions{Debug: true, FixedRows: true})
	for i := range figs {
		if !bytes.Equal(figs[i].SVG, again[i].SVG) {
			t.Errorf("%s differs between two renderings", figs[i].Name)
		}
	}
}

func TestFiguresEveryView(t *testing.T) {
	prog, res, _ := run(t, "everything.tcps", []byte(everything))
	figs := FiguresWith(prog, res, FigureOptions{Debug: true, FixedRows: true})
	kinds := map[string]int{}
	for i, f := range figs {
		info := parseSVG(t, f.Name, f.SVG)
		kinds[f.Kind]++
		if !strings.HasPrefix(f.Name, fmt.Sprintf("fig-%02d-%s", i+1, f.Kind)) || !strings.HasSuffix(f.Name, ".svg") {
			t.Errorf("figure %d named %q", i+1, f.Name)
		}
		switch f.Kind {
		case "sockets":
			for _, s := range []string{"socket structures of S", "socket structures of L", "(none)", "LISTEN", "derived from 0", "Origin"} {
				if !info.hasText(s) {
					t.Errorf("%s has no text %q", f.Name, s)
				}
			}
		case "demux":
			if !info.hasText("WINNER") || !strings.Contains(strings.Join(info.texts, " "), "winner: S.0 (LISTEN *:99), the only structure that matches; a SYN derives a new structure from it") {
				t.Errorf("%s: %q", f.Name, info.texts)
			}
		case "queues":
			if !info.hasText(`a <note> & "quotes" | pipes *stars* _under_`) || !info.hasText("X.0 -> (gone): no data yet") {
				t.Errorf("%s: %q", f.Name, info.texts)
			}
		}
	}
	for k, n := range map[string]int{"sockets": 1, "netstat": 1, "ss": 1, "demux": 1, "windows": 1, "queues": 1} {
		if kinds[k] != n {
			t.Errorf("%d %s figures, want %d (kinds %v)", kinds[k], k, n, kinds)
		}
	}
	if want := (len(res.Packets) + LadderPageSize - 1) / LadderPageSize; kinds["ladder"] != want {
		t.Errorf("%d ladder pages for %d packets, want %d", kinds["ladder"], len(res.Packets), want)
	}
	// The drop, the SYNs to nowhere and the loopback all appear.
	var all strings.Builder
	for _, f := range figs {
		if f.Kind == "ladder" {
			all.Write(f.SVG)
		}
	}
	for _, s := range []string{"(DROPPED)", "(fast retransmission)", "(held)", "(lost)", "(retransmission, lost)", "(no host)", "10.9.9.9", " h70 v22 h-66\""} {
		if !strings.Contains(all.String(), s) {
			t.Errorf("no ladder page shows %q", s)
		}
	}
}

func TestXMLText(t *testing.T) {
	in := "a<b>&\"c\"'d'\x01\x7f\ttab\uFFFE한글"
	got := xmlText(in)
	doc := "<t>" + got + "</t>"
	var v struct {
		Text string `xml:",chardata"`
	}
	if err := xml.Unmarshal([]byte(doc), &v); err != nil {
		t.Fatalf("xmlText(%q) = %q is not XML: %v", in, got, err)
	}
	if want := "a<b>&\"c\"'d'\x7f tab한글"; v.Text != want {
		t.Errorf("round trip %q, want %q", v.Text, want)
	}
}
