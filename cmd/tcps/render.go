package main

type renderCmd struct {
	Format string `arg:"" enum:"json,pcap,markdown,svg" help:"Output format: json, pcap, markdown or svg."`
	File   string `arg:"" help:"Scenario file."`
	Output string `short:"o" help:"Output file (default: standard output; required for pcap)."`
}
