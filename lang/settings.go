package lang

import (
	"bytes"
	"strings"
	"time"

	"github.com/tcps-dev/tcps/lang/msg"
)

// SettingKind is the type of a setting's value.
type SettingKind int

// Setting value types.
const (
	SizeSetting SettingKind = iota
	CountSetting
	DurationSetting
	WordSetting
)

// Setting describes one key of set (and of host options).
type Setting struct {
	Key     string
	Kind    SettingKind
	PerHost bool     // may be set for one host (A.set, host ... KEY VALUE)
	Words   []string // allowed values of a WordSetting
	Default string   // as documented
	Help    string
	Min     int64 // smallest allowed size or count
	Max     int64 // largest (0: no limit)
}

// LinuxVersion is the kernel the linux profile follows (measured in
// network namespaces with tcps compare).
const LinuxVersion = "6.18"

// Settings is the table of everything set can change. The runtime reads its
// defaults from here; docs/language.md is generated from it.
var Settings = []Setting{
	{Key: "sndbuf", Kind: SizeSetting, PerHost: true, Default: "16K", Min: 1, Max: 1 << 30,
		Help: "SendQ capacity of sockets created from now on: write blocks while SendQ holds this many bytes."},
	{Key: "rcvbuf", Kind: SizeSetting, PerHost: true, Default: "64K", Min: 1, Max: 1 << 30,
		Help: "RecvQ capacity of sockets created from now on; the advertised window is its free space (at most 65535: no window scaling)."},
	{Key: "mss", Kind: SizeSetting, PerHost: true, Default: "1460", Min: 1, Max: 65495,
		Help: "Maximum segment size announced in the SYN; a connection uses the smaller of the two ends'."},
	{Key: "profile", Kind: WordSetting, PerHost: true, Words: []string{"linux", "rfc"}, Default: "linux",
		Help: "Behaviour where Linux (" + LinuxVersion + ") and the RFCs differ: zero-window probes, RTO minimum, TIME_WAIT length, backlog, SYN timing."},
	{Key: "initcwnd", Kind: CountSetting, PerHost: true, Default: "10", Min: 1, Max: 1000,
		Help: "Initial congestion window, in segments (RFC 6928)."},
	{Key: "delay", Kind: DurationSetting, Default: "1ms",
		Help: "One-way delay of every link without its own link statement, loopback included."},
	{Key: "msl", Kind: DurationSetting, Default: "2m",
		Help: "Maximum segment lifetime of the rfc profile: TIME_WAIT lasts 2*msl (linux: always 60s)."},
	{Key: "trace", Kind: WordSetting, Words: []string{"calls", "packets", "all", "none"}, Default: "packets",
		Help: "What the trace prints: calls only; calls, packets and state changes; all of that plus timers; or nothing but show and errors."},
	{Key: "maxtime", Kind: DurationSetting, Default: "24h",
		Help: "Virtual time after which a run stops with an error."},
	{Key: "maxevents", Kind: CountSetting, Default: "100000000", Min: 1,
		Help: "Events after which a run stops with an error."},
	{Key: "maxsockets", Kind: CountSetting, Default: "1000000", Min: 1,
		Help: "Socket structures (about 0.5 KB each, kept for the views) after which a run stops with an error."},
	{Key: "maxhosts", Kind: CountSetting, Default: "200000", Min: 1, Max: 2_000_000,
		Help: "Hosts, processes and threads the scenario may declare after this line (the checker's limit; tcps --max-hosts sets where it starts)."},
	{Key: "maxstmts", Kind: CountSetting, Default: "2000000", Min: 1, Max: maxStmtsCap,
		Help: "Statements (and repeat iterations) after repeat is unrolled, counted from the start of the file, that the checker accepts from this line on (tcps --max-stmts sets where it starts)."},
	{Key: "maxmemory", Kind: SizeSetting, Default: "2GiB", Min: 1 << 20,
		Help: "Model memory (socket structures, write records, held and queued segments, packets kept for show ladder) after which a run stops with an error."},
	{Key: "lang", Kind: WordSetting, Words: []string{"en", "ko"}, Default: "en",
		Help: "Language of every explanation tcps prints, and of the browser page's interface (tcps serve): en or ko (Korean, in the lecture's words). It wins over tcps --lang; packet lines, netstat and ss stay as the real tools print them."},
	// Linux sysctls (net.ipv4.* and net.core.somaxconn) that change what the
	// linux profile does; the defaults are Linux 6.18's. The kernel mode sets
	// them in every namespace it makes.
	{Key: "syn_linear_timeouts", Kind: CountSetting, Default: "4", Min: 0, Max: 100,
		Help: "Linux tcp_syn_linear_timeouts: the first N SYN retransmissions wait one initial RTO (1 s) each, the later ones double; connect gives up after tcp_syn_retries (6) more."},
	{Key: "syncookies", Kind: CountSetting, Default: "1", Min: 0, Max: 2,
		Help: "Linux tcp_syncookies: 1 answers a SYN beyond the backlog's pending handshakes with a SYN cookie (no structure kept, nothing retransmitted); 0 drops it; 2 always sends cookies."},
	{Key: "invalid_ratelimit", Kind: DurationSetting, Default: "500ms",
		Help: "Linux tcp_invalid_ratelimit: at most one answer per this interval to out-of-window segments such as zero-window probes."},
	{Key: "somaxconn", Kind: CountSetting, Default: "4096", Min: 0, Max: 1<<31 - 1,
		Help: "Linux net.core.somaxconn: the cap on listen's backlog."},
	{Key: "fin_timeout", Kind: DurationSetting, Default: "60s",
		Help: "Linux tcp_fin_timeout: how long an orphaned FIN_WAIT2 structure waits for the peer's FIN."},
}

// maxStmtsCap is the most set maxstmts can ask for.
const maxStmtsCap = 10_000_000

// settingByKey finds a setting.
func settingByKey(key string) *Setting {
	for i := range Settings {
		if Settings[i].Key == key {
			return &Settings[i]
		}
	}
	return nil
}

// Defaults of the settings, as values.
const (
	DefaultSndBuf    = 16 << 10
	DefaultRcvBuf    = 64 << 10
	DefaultMSS       = 1460
	DefaultInitCwnd  = 10
	DefaultDelay     = time.Millisecond
	DefaultMSL       = 2 * time.Minute
	DefaultMaxTime   = 24 * time.Hour
	DefaultMaxEvent  = 100_000_000
	DefaultMaxSocks  = 1_000_000
	DefaultMaxMemory = 2 << 30

	DefaultSynLinearTimeouts = 4
	DefaultSyncookies        = 1
	DefaultInvalidRatelimit  = 500 * time.Millisecond
	DefaultSomaxconn         = 4096
	DefaultFinTimeout        = 60 * time.Second
)

// ScenarioLang finds a scenario's set lang: a line that is "set lang
// en" or "set lang ko" (blanks around the words, a comment or ; after
// them). It reads the text, not the statements, so even the parser's
// errors come in the scenario's language; the checker checks the
// statement itself like any other setting.
func ScenarioLang(src []byte) (msg.Lang, bool) {
	for len(src) > 0 {
		i := bytes.Index(src, []byte("lang"))
		if i < 0 {
			break
		}
		start := bytes.LastIndexByte(src[:i], '\n') + 1
		end := bytes.IndexByte(src[i:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += i
		}
		line := string(src[start:end]) // only lines that mention lang are looked at
		src = src[min(end+1, len(src)):]
		f := strings.Fields(strings.NewReplacer(";", " ; ", "#", " # ").Replace(line))
		for i := 0; i+2 < len(f); i++ {
			if (i == 0 || f[i-1] == ";") && f[i] == "set" && f[i+1] == "lang" {
				if l, ok := msg.ParseLang(f[i+2]); ok {
					return l, true
				}
			}
			if f[i] == "#" {
				break
			}
		}
	}
	return msg.En, false
}
