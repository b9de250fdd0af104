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
