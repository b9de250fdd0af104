// Package export turns a recorded run (runtime.Options{Record: true}) into
// files for slides and tools:
//
//   - WritePcap: a capture file of every packet, with real Ethernet, IPv4
//     and TCP headers and valid checksums, that opens in Wireshark and
//     tcpdump. The capture point is the sender, at virtual time.
//   - WriteJSON: the whole run (hosts, packets, every show, the result) in
//     the schema described in docs/json-schema.md.
//   - Markdown: every show as GitHub tables, ready to paste into slides.
//   - Figures: SVG figures of the three queues, the socket (and other)
//     tables and the ladder diagram, sized to be readable when projected.
//
// Every function is deterministic: the same run gives the same bytes.
package export
