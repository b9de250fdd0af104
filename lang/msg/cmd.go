package msg

// The command line's messages (cmd/tcps).
var (
	ScenarioFailed = def("tcps: %[1]s: scenario failed (%[2]s)", "tcps: %[1]s: 시나리오 실패 (%[2]s)")
	FailureOne     = def("1 failure", "실패 1건")
	FailureMany    = def("%[1]d failures", "실패 %[1]d건")
	TestUpdated    = def("updated %[1]s", "갱신: %[1]s")
	TestNoGolden   = def("FAIL %[1]s: no golden file %[2]s (run tcps test --update)", "FAIL %[1]s: 골든 파일 %[2]s 없음 (tcps test --update로 만든다)")
	TestCannotRead = def("FAIL %[1]s: %[2]v", "FAIL %[1]s: %[2]v")
	TestDiffers    = def("FAIL %[1]s: output differs from %[2]s", "FAIL %[1]s: 출력이 골든 파일 %[2]s의 내용과 다르다")
	TestGoldenLine = def("  @@ golden line %[1]d @@", "  @@ 골든 파일 %[1]d번 줄 @@")
	TestNUpdated   = def("%[1]d updated", "%[1]d개 갱신")
	TestSummary    = def("%[1]d passed, %[2]d failed", "통과 %[1]d개, 실패 %[2]d개")
	TestNoFiles    = def("tcps: no .tcps files under %[1]s", "tcps: %[1]s 아래에 .tcps 파일이 없다")
	FlagsNegative  = def("tcps: --max-stmts and --max-hosts must not be negative", "tcps: --max-stmts와 --max-hosts는 음수일 수 없다")
	CliDescription = def("tcps runs .tcps scenarios against a deterministic model of TCP socket structures:\nSendQ, RecvQ, Delivered, windows, blocking calls, connection states and demultiplexing.",
		"tcps는 .tcps 시나리오를 TCP 소켓 구조체의 결정적 모델로 실행한다:\n샌드 큐(Send-Q), 리시브 큐(Recv-Q), 전송 완료(Delivered), 윈도우, 블로킹 호출, 연결 상태, 역다중화.")
	CliExitHelp = def("Exit status: 0 ok; 1 a scenario failed (an expectation, a golden\nmismatch, a deadlock); 2 bad input or usage, or output that cannot be\nwritten; 3 an internal error in tcps (please report it).",
		"종료 코드: 0 정상; 1 시나리오 실패 (기대값, 골든 파일 불일치, 데드락);\n2 잘못된 입력이나 사용법, 또는 출력을 쓸 수 없음; 3 tcps 내부 오류 (보고 바람).")
)

// The one-line help of the commands and flags (kong's help tags read
// them as ${help_NAME}; see cmd/tcps/cli.go).
var (
	HelpRun        = def("Run scenarios and print their trace.", "시나리오를 실행하고 트레이스를 출력한다.")
	HelpCheck      = def("Check scenarios without running them.", "시나리오를 실행하지 않고 검사한다.")
	HelpFmt        = def("Print scenarios in canonical form (-w rewrites the files).", "시나리오를 표준 형식으로 출력한다 (-w는 파일을 고쳐 쓴다).")
	HelpTest       = def("Run every scenario under the directories and compare with its golden file.", "디렉터리 아래의 모든 시나리오를 실행하고 골든 파일과 비교한다.")
	HelpRender     = def("Run a scenario and export it: json, pcap, markdown or svg.", "시나리오를 실행하고 내보낸다: json, pcap, markdown, svg.")
	HelpCompare    = def("Run a scenario in the model and on the Linux kernel and compare them (needs root; real time).", "시나리오를 모델과 리눅스 커널에서 실행하고 비교한다 (root 필요; 실제 시간).")
	HelpHelp       = def("Explain the language, a verb, or a command (as COMMAND --help).", "언어, 동사, 명령을 설명한다 (COMMAND --help와 같다).")
	HelpLsp        = def("Serve the Language Server Protocol on stdin and stdout, for editors (docs/editors.md).", "편집기를 위해 표준 입출력으로 Language Server Protocol을 제공한다 (docs/editors.md).")
	HelpServe      = def("Serve the browser playground on 127.0.0.1 and print its URL.", "브라우저 실습장을 127.0.0.1에서 제공하고 그 URL을 출력한다.")
	HelpSite       = def("Write the browser playground as static files (for GitHub Pages).", "브라우저 실습장을 정적 파일로 쓴다 (GitHub Pages용).")
	HelpVersion    = def("Print the version.", "버전을 출력한다.")
	HelpVersionFlg = def("Print the version and exit.", "버전을 출력하고 끝낸다.")
	HelpMaxStmts   = def("Limit on statements after repeat is unrolled (default 2000000).", "repeat를 펼친 뒤 문장 수의 한도 (기본값 2000000).")
	HelpMaxHosts   = def("Limit on hosts (default 200000).", "호스트 수의 한도 (기본값 200000).")
	HelpLang       = def("Language of every explanation: en or ko (a scenario's set lang wins).", "모든 설명의 언어: en 또는 ko (시나리오의 set lang이 우선한다).")
	HelpFiles      = def("Scenario files.", "시나리오 파일.")
	HelpTrace      = def("Trace level: calls, packets, all or none (overrides the scenario's set trace).", "트레이스 수준: calls, packets, all, none (시나리오의 set trace보다 우선한다).")
	HelpInvariants = def("Check the model's invariants after every event (slower).", "이벤트마다 모델의 불변식을 검사한다 (느려진다).")
	HelpTopic      = def("A command (run, check, fmt, test, render, help, version), a verb, or another topic of the language.", "명령(run, check, fmt, test, render, help, version), 동사, 또는 언어의 다른 주제.")
	HelpFmtwrite   = def("Rewrite the files in place (a symlink's target is rewritten, the link kept).", "파일을 그 자리에서 고쳐 쓴다 (심볼릭 링크는 링크를 두고 대상을 고쳐 쓴다).")
	HelpFmtlist    = def("List the files whose formatting differs from tcps fmt's; exit 0, as gofmt -l.", "형식이 tcps fmt와 다른 파일을 나열한다; gofmt -l처럼 종료 코드는 0이다.")
	HelpFmtdiff    = def("Print a diff of the changes fmt would make; exit 0, as gofmt -d.", "fmt가 고칠 내용을 diff로 출력한다; gofmt -d처럼 종료 코드는 0이다.")
	HelpTestdirs   = def("Directories (or files) of scenarios; default scenarios/.", "시나리오의 디렉터리(또는 파일); 기본값 scenarios/.")
	HelpTestupdate = def("Rewrite the golden files with the current output.", "지금의 출력으로 골든 파일을 고쳐 쓴다.")
)

// tcps render's refusals and its output errors (cmd/tcps/render.go,
// slides.go).
var (
	RenderTerminal = def("tcps: render %[1]s: standard output is a terminal: give -o FILE.%[1]s, or pipe it (| tshark -r -)",
		"tcps: render %[1]s: 표준 출력이 터미널이다: -o FILE.%[1]s 옵션으로 파일을 지정하거나 파이프로 넘긴다 (| tshark -r -)")
	WriteFailed       = def("tcps: writing output: %[1]v", "tcps: 출력을 쓰지 못했다: %[1]v")
	RenderTooManyPkts = def("tcps: %[1]s: %[2]d packets are too many for ladder figures (at most %[3]d, %[4]d figures of %[5]d): render pcap shows them all",
		"tcps: %[1]s: 패킷 %[2]d개는 래더 다이어그램으로 그리기에 너무 많다 (최대 %[3]d개, 그림 %[4]d장에 %[5]d개씩): render pcap은 모두 보여 준다")
	RenderTooManyShows = def("tcps: %[1]s: %[2]d shows are too many figures (at most %[3]d shows)",
		"tcps: %[1]s: show %[2]d개는 그림으로 그리기에 너무 많다 (show는 최대 %[3]d개)")
	RenderSize    = def("--size %[1]q: want WIDTHxHEIGHT in pixels, e.g. 1280x720, or natural", "--size %[1]q: 픽셀 단위의 WIDTHxHEIGHT(예: 1280x720)나 natural이어야 한다")
	RenderSizeMax = def("--size %[1]q: width 320 to 8000, height 180 to 8000 pixels", "--size %[1]q: 너비는 320에서 8000, 높이는 180에서 8000픽셀이어야 한다")
	RenderScale   = def("tcps: --scale %[1]g: from 0 to 4, and at most 40 million pixels a figure", "tcps: --scale %[1]g: 0에서 4 사이여야 하고, 그림 하나가 최대 4천만 픽셀이어야 한다")
	RenderDrawing = def("tcps: drawing figures: %[1]v", "tcps: 그림을 그리지 못했다: %[1]v")
	RenderNothing = def("tcps: %[1]s: nothing to draw: no show queues, sockets, netstat, ss, windows or demux, and no packets",
		"tcps: %[1]s: 그릴 것이 없다: show queues, sockets, netstat, ss, windows, demux가 없고 패킷도 없다")
	RenderManyFigs = def("tcps: %[1]s has %[2]d figures: give -o DIR to write them as DIR/%[3]s ...",
		"tcps: %[1]s: 그림이 %[2]d장이다: -o DIR을 주면 DIR/%[3]s ... 로 쓴다")
	RenderOneFile = def("tcps: %[1]s has %[2]d figures: -o names one file; give a directory instead",
		"tcps: %[1]s: 그림이 %[2]d장이다: -o가 파일 하나를 가리킨다. 대신 디렉터리를 지정한다")
	RenderNotDir = def("tcps: %[1]s: not a directory (%[2]s writes several figures into a directory)",
		"tcps: %[1]s: 디렉터리가 아니다 (%[2]s 형식은 그림 여러 장을 디렉터리에 쓴다)")
	RenderSlidesDir = def("tcps: render slides writes a deck and its figures: give -o DIR", "tcps: render slides는 슬라이드와 그 그림들을 쓴다: -o DIR을 지정한다")
	RenderPlotDir   = def("tcps: render plot writes several plots: give -o DIR", "tcps: render plot은 그래프를 여러 장 쓴다: -o DIR을 지정한다")
	RenderPlotting  = def("tcps: drawing plots: %[1]v", "tcps: 그래프를 그리지 못했다: %[1]v")
	RenderNoPlot    = def("tcps: %[1]s: nothing to plot: no connection carried data", "tcps: %[1]s: 그릴 그래프가 없다: 데이터를 나른 연결이 없다")
	InputAccepted   = def("a file of accepted differences", "허용된 불일치")
	NoSuchFileOrDir = def("%[1]s: no such file or directory", "%[1]s: 그런 파일이나 디렉터리가 없다")
)
