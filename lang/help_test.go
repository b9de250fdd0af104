package lang

import (
	"strings"
	"testing"
)

// TestHelpTopics checks that tcps help NAME answers for every verb,
// setting, view and property, with what the tables hold.
func TestHelpTopics(t *testing.T) {
	for _, c := range []struct {
		topic string
		want  []string
	}{
		{"sndbuf", []string{"sndbuf SIZE", "Default 16K", "1-1073741824", "per host", "SendQ capacity", "set sndbuf 16K"}},
		{"delay", []string{"delay DURATION", "Default 1ms", "every host at once", "One-way delay"}},
		{"profile", []string{"profile linux|rfc", "Default linux", "one of linux, rfc"}},
		{"queues", []string{"show queues [HOST[.SOCK]]", "SendQ", "Example:\n  show queues A.s"}},
		{"demux", []string{"show demux HOST SRC > DST | HOST all", "wildcard"}},
		{"time", []string{"show time", "virtual time"}},
		{"sockets", []string{"show sockets [HOST]", "socket structures", "expect HOST sockets N", "not CLOSED"}},
		{"recvq", []string{"expect HOST.SOCK recvq SIZE", "not yet read"}},
		{"state", []string{"expect HOST.SOCK state STATE", "tcps help states"}},
		{"blocked", []string{"expect HOST blocked", "blocked now"}},
		{"deadlock", []string{"expect deadlock", "never complete"}},
		{"states", []string{"LISTEN", "TIME_WAIT", "ESTAB"}},
		{"errors", []string{"ECONNREFUSED", "EADDRINUSE"}},
		{"views", []string{"queues", "ladder", "time"}},
		{"properties", []string{"recvq", "acceptq", "deadlock"}},
		{"write", []string{"[HOST.[SOCKET.]]write SIZE"}},
	} {
		got, ok := HelpVerb(c.topic)
		if !ok {
			t.Errorf("help %s: not a topic: %s", c.topic, got)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("help %s lacks %q:\n%s", c.topic, w, got)
			}
		}
	}
	var topics []string
	for _, v := range Verbs {
		topics = append(topics, v.Name)
	}
	for _, s := range Settings {
		topics = append(topics, s.Key)
	}
	for _, v := range Views {
		topics = append(topics, string(v.View))
	}
	for _, p := range Props {
		topics = append(topics, string(p.Prop))
	}
	for _, tp := range topics {
		if got, ok := HelpVerb(tp); !ok || got == "" {
			t.Errorf("help %s: %q, %v", tp, got, ok)
		}
	}
	for topic, sug := range map[string]string{"sndbf": "sndbuf", "queus": "queues", "recvqq": "recvq", "wirte": "write", "propertys": "properties"} {
		got, ok := HelpVerb(topic)
		if ok || !strings.Contains(got, "did you mean "+sug+"?") {
			t.Errorf("help %s = %q, %v; want a suggestion of %s", topic, got, ok, sug)
		}
	}
}

// TestEveryTopicDocumented: each view and property has help and an example
// that checks.
func TestEveryTopicDocumented(t *testing.T) {
	prelude := "host A ips 10.1.2.3,192.168.3.2\nhost B ip 172.16.1.10\nA.listen *:99 as L\nB.connect A:99 as c\nA.accept as s\n"
	var examples []string
	for _, v := range Views {
		if v.Help == "" || !strings.HasPrefix(v.Example, "show "+string(v.View)) {
			t.Errorf("view %s: help %q, example %q", v.View, v.Help, v.Example)
		}
		examples = append(examples, v.Example)
	}
	for _, p := range Props {
		if p.Help == "" || !strings.Contains(p.Example, string(p.Prop)) {
			t.Errorf("property %s: help %q, example %q", p.Prop, p.Help, p.Example)
		}
		examples = append(examples, p.Example)
	}
	for _, ex := range examples {
		if _, err := Check("example.tcps", []byte(prelude+ex+"\n")); err != nil {
			t.Errorf("example %q does not check: %v", ex, err)
		}
	}
}
