package msg

// The kernel mode's messages (runtime/kernel; tcps run --kernel and tcps
// compare in cmd/tcps).
var (
	KernelNoPrivilege = def("the kernel mode needs root (CAP_NET_ADMIN and CAP_SYS_ADMIN) and /dev/net/tun to make network namespaces and TUN devices",
		"커널 모드는 네트워크 네임스페이스와 TUN 장치를 만들기 때문에 root 권한(CAP_NET_ADMIN, CAP_SYS_ADMIN)과 /dev/net/tun이 필요하다")
	KernelNoNetns = def("the kernel mode needs network namespaces (/proc/thread-self/ns/net): %[1]v",
		"커널 모드에는 네트워크 네임스페이스(/proc/thread-self/ns/net)가 필요하다: %[1]v")
	KernelMachines = def("the kernel mode makes one network namespace per machine, at most %[1]d",
		"커널 모드는 머신마다 네트워크 네임스페이스를 하나씩 만든다. 최대 %[1]d개까지다")
	KernelThreads = def("the kernel mode runs one OS thread per host or process, at most %[1]d",
		"커널 모드는 호스트나 프로세스마다 OS 스레드를 하나씩 쓴다. 최대 %[1]d개까지다")
	KernelRFC = def("profile rfc cannot run on the kernel: the kernel is Linux (run it in the model)",
		"profile rfc는 커널에서 실행할 수 없다: 커널은 리눅스다 (모델에서 실행한다)")
	KernelQueued = def("more than %[1]d calls on one thread: too many for the kernel mode",
		"한 스레드의 호출이 %[1]d개를 넘는다: 커널 모드에는 너무 많다")
	KernelIO = def("%[1]s of %[2]d bytes: the kernel mode moves at most %[3]d bytes per call",
		"%[2]d바이트의 %[1]s: 커널 모드는 호출 한 번에 최대 %[3]d바이트를 옮긴다")
	KernelBudget = def("on the kernel this scenario takes about %[1]s of real time, more than the budget of %[2]s (raise it with --kernel-budget)",
		"이 시나리오는 커널에서 실제 시간으로 약 %[1]s 걸린다. 한도 %[2]s보다 길다 (--kernel-budget으로 늘린다)")
	KernelWindowSkip = def("the kernel's window values are scaled and not the model's: not checked on the kernel",
		"커널의 윈도우 사이즈 값은 스케일되어 모델의 값과 다르다: 커널에서는 확인하지 않는다")
	KernelTimeSkip = def("real time is not virtual time: not checked on the kernel",
		"실제 시간은 가상 시간이 아니다: 커널에서는 확인하지 않는다")
	KernelNoSuchSocket = def("expect %[1]s %[2]s: no such socket on the kernel",
		"expect %[1]s %[2]s: 커널에 그 소켓이 없다")
	KernelDeadlock = def("deadlock: nothing more happens and %[1]d calls wait: %[2]s",
		"데드락: 더 이상 아무 일도 일어나지 않고 호출 %[1]d개가 기다린다: %[2]s")
	KernelRelayFull = def("relay: %[1]d packets already on their way: one lost",
		"중계: 이미 패킷 %[1]d개가 전달 중이다: 하나를 손실시킨다")
	KernelWaiting = def("tcps: %[1]s: waiting %[2]s of real time (the kernel mode runs in real time)",
		"tcps: %[1]s: 실제 시간으로 %[2]s 기다린다 (커널 모드는 실제 시간으로 실행한다)")
	KernelLeft        = def("tcps: %[1]s left", "tcps: %[1]s 남음")
	KernelInterrupted = def("interrupted (%[1]s): everything the run made is removed", "중단됨 (%[1]s): 실행이 만든 것은 모두 지웠다")
	KernelSetup       = def("kernel setup: %[1]v", "커널 준비 실패: %[1]v")
	KernelFailed      = def("tcps: %[1]s: scenario failed on the kernel (%[2]s)", "tcps: %[1]s: 커널에서 시나리오 실패 (%[2]s)")
	KernelFileHeader  = def("=== %[1]s (kernel)", "=== %[1]s (커널)")
	KernelRenderPcap  = def("tcps: render %[1]s --kernel: only pcap is rendered from a kernel run", "tcps: render %[1]s --kernel: 커널 실행에서는 pcap만 내보낸다")
)

// The kernel executor's own trace lines (runtime/kernel): what it sees
// in the kernel's socket dumps, and a set statement the kernel refused.
var (
	KernelBlocks  = def("%[1]s blocks", "%[1]s 블로킹")
	KernelDerived = def("%[1]s %[2]s %[3]s <- %[4]s: new structure derived from %[5]s (LISTEN %[6]s)",
		"%[1]s %[2]s %[3]s <- %[4]s: %[5]s(LISTEN %[6]s)에서 새 파생 소켓이 만들어졌다")
	KernelNewStructure = def("%[1]s %[2]s %[3]s -> %[4]s: new structure", "%[1]s %[2]s %[3]s -> %[4]s: 새 소켓 구조체")
	KernelQueuesLine   = def("  %[1]s %[2]s %[3]s <-> %[4]s  Recv-Q %[5]d  Send-Q %[6]d  unacked %[7]d segments",
		"  %[1]s %[2]s %[3]s <-> %[4]s  Recv-Q %[5]d  Send-Q %[6]d  ACK 전 세그먼트 %[7]d개")
	KernelQueuesDelivered = def("  delivered %[1]d", "  전송 완료 %[1]d")
	KernelModelView       = def("  (show %[1]s is a view of the model's own structures: not available on the kernel)",
		"  (show %[1]s: 모델 자신의 구조체를 보여 주는 뷰라서 커널에서는 볼 수 없다)")
	KernelSysctl = def("set %[1]s %[2]s: not applied: the kernel refused to write /proc/sys/%[3]s (%[4]s)",
		"set %[1]s %[2]s: 적용하지 못했다: 커널이 /proc/sys/%[3]s 파일의 쓰기를 거부했다 (%[4]s)")
)

// The file of accepted differences (tcps compare --accepted,
// docs/kernel-accepted.txt): why a line of it is refused.
var (
	AcceptedAt      = def("%[1]s:%[2]d: %[3]s: %[4]q", "%[1]s:%[2]d: %[3]s: %[4]q")
	AcceptedOldForm = def("an entry names its statement, not a line (lines move when a scenario is edited): write PATH: STATEMENT -- REASON, as docs/kernel.md says",
		"항목에는 줄 번호가 아니라 문장을 쓴다 (시나리오를 고치면 줄 번호가 바뀐다): docs/kernel.md에 있는 대로 PATH: STATEMENT -- REASON 형식으로 쓴다")
	AcceptedNoReason = def("want PATH: STATEMENT -- REASON (an accepted difference needs its reason)",
		"PATH: STATEMENT -- REASON 형식이어야 한다 (허용된 불일치에는 이유가 있어야 한다)")
	AcceptedForm = def("want PATH: STATEMENT -- REASON", "PATH: STATEMENT -- REASON 형식이어야 한다")
	AcceptedN    = def("#N counts a statement's occurrences from 1", "#N은 같은 문장이 몇 번째로 나오는지를 1부터 센다")
	AcceptedDup  = def("%[1]s is accepted already on line %[2]d", "%[1]s 문장은 이미 %[2]d번 줄에서 허용된 불일치로 적었다")
)

// tcps compare: the side-by-side table, its verdicts and notes.
var (
	CmpLine        = def("line", "줄")
	CmpStatement   = def("statement", "문장")
	CmpModel       = def("model", "모델")
	CmpKernel      = def("kernel", "커널")
	CmpAgree       = def("agree", "일치")
	CmpDiffer      = def("DIFFER", "불일치")
	CmpAccepted    = def("DIFFER, accepted: %[1]s", "불일치, 허용됨: %[1]s")
	CmpNotCompared = def("not compared: %[1]s", "비교하지 않음: %[1]s")
	CmpNormalised  = def("agree (%[1]s)", "일치 (%[1]s)")
	CmpSummary     = def("%[1]d agree, %[2]d differ, %[3]d not compared or accepted", "일치 %[1]d개, 불일치 %[2]d개, 비교하지 않았거나 허용된 것 %[3]d개")
	CmpTolerance   = def("blocked %[1]s on the kernel: within the timing tolerance", "커널에서 %[1]s 동안 블로킹: 시간 허용 오차 안")
	CmpModelView   = def("a view of the model's own structures or clock: not on the kernel", "모델 자신의 구조체나 시계를 보여 주는 뷰: 커널에는 없다")
	CmpNoReturn    = def("blocks (no return)", "블로킹 (반환 없음)")
	CmpBlocksThen  = def("blocks, %[1]s", "블로킹 후 %[1]s")
	CmpNotReached  = def("not reached", "실행되지 않음")
	CmpNoBlocked   = def("no call blocked", "블로킹된 호출 없음")
	CmpNotOnKernel = def("not on the kernel: %[1]s", "커널에서 실행하지 않음: %[1]s")
	CmpStale       = def("note: %[1]s: %[2]s (%[3]s:%[4]d) is accepted as a difference but does not differ now",
		"참고: %[1]s: %[2]s (%[3]s:%[4]d) 문장은 허용된 불일치로 적혀 있지만 지금은 일치한다")
	CmpStaleGone = def("note: %[1]s: %[2]s (%[3]s:%[4]d) is accepted as a difference, but the scenario has no such statement now",
		"참고: %[1]s: %[2]s (%[3]s:%[4]d) 문장은 허용된 불일치로 적혀 있지만 지금 시나리오에는 그런 문장이 없다")
	CmpModelTrace  = def("--- model trace", "--- 모델 트레이스")
	CmpKernelTrace = def("--- kernel trace (real time)", "--- 커널 트레이스 (실제 시간)")
)

// The help of the kernel mode's flags and of tcps compare.
var (
	HelpKernel = def("Run on the running Linux kernel instead of the model: one network namespace and TUN device per machine, real system calls, tcps relaying the packets. Virtual time becomes REAL time (wait 60s waits a minute). Needs root. See docs/kernel.md.",
		"모델 대신 실행 중인 리눅스 커널에서 실행한다: 머신마다 네트워크 네임스페이스와 TUN 장치 하나, 실제 시스템 호출, 패킷은 tcps가 중계한다. 가상 시간이 실제 시간이 된다 (wait 60s는 1분을 기다린다). root가 필요하다. docs/kernel.md 참고.")
	HelpKernelBudget = def("Real time a --kernel run may take (estimated from its waits and settles before it starts).",
		"--kernel 실행이 쓸 수 있는 실제 시간 (시작 전에 wait와 settle로 어림한다).")
	HelpCompareBudget = def("Real time the kernel run of one scenario may take.", "시나리오 하나의 커널 실행이 쓸 수 있는 실제 시간.")
	HelpAccepted      = def("File of accepted differences, one per line: PATH: STATEMENT [#N] -- REASON (docs/kernel.md).",
		"허용된 불일치의 파일, 한 줄에 하나: PATH: STATEMENT [#N] -- REASON (docs/kernel.md).")
	HelpTraces      = def("Print both traces after each comparison.", "비교가 끝날 때마다 두 트레이스를 출력한다.")
	HelpCompareLong = def(`Runs each scenario in the model and on the running Linux kernel (as
tcps run --kernel does: real namespaces, real sockets, REAL time) and
prints, for every call result, every show netstat/ss/queues and every
expect, the model's value and the kernel's side by side: agree or DIFFER.

What cannot compare is normalised first: descriptor numbers, ephemeral
ports (those the scenario does not name), the row order of netstat and
ss; sequence numbers and time stamps are not compared. Views of the
model's own structures (show sockets, windows, demux, ladder, packets,
time) and window values (expect cwnd, rwnd, window) are listed as not
compared. docs/kernel.md lists every normalisation.

With several files (the CI kernel suite), a scenario the kernel mode
refuses (profile rfc, longer than the budget) is listed and skipped, and
--accepted names the file of accepted differences, each with its reason.

Exit status: 0 everything compared agrees (or is accepted); 1 something
else differs; 2 bad input, or the kernel mode cannot run here (needs
root).`, `각 시나리오를 모델과 실행 중인 리눅스 커널에서 실행하고 (tcps run --kernel처럼:
실제 네임스페이스, 실제 소켓, 실제 시간), 호출의 결과마다, show netstat/ss/queues마다,
expect마다 모델의 값과 커널의 값을 나란히 출력한다: 일치 또는 불일치.

같을 수 없는 것은 먼저 정규화한다: 디스크립터 번호, 임시 포트 (시나리오가 이름을
쓰지 않은 포트), netstat과 ss의 줄 순서. 시퀀스 번호와 시각은 비교하지 않는다.
모델 자신의 구조체를 보여 주는 뷰 (show sockets, windows, demux, ladder, packets,
time)와 윈도우 사이즈 값 (expect cwnd, rwnd, window)은 비교하지 않음으로 표시한다.
docs/kernel.md에 모든 정규화가 있다.

파일이 여러 개이면 (CI의 커널 테스트), 커널 모드가 거절하는 시나리오 (profile rfc,
한도보다 긴 것)는 표시하고 건너뛰며, --accepted는 허용된 불일치와 그 이유를 적은
파일을 가리킨다.

종료 코드: 0 비교한 것이 모두 일치 (또는 허용됨); 1 그 밖의 불일치가 있다;
2 잘못된 입력, 또는 여기서 커널 모드를 실행할 수 없다 (root 필요).`)
)

// Reading a scenario or golden file (cmd/tcps/input.go).
var (
	InputNoSuchFile = def("%[1]s: no such file", "%[1]s: 그런 파일이 없다")
	InputIsDir      = def("%[1]s: is a directory, not %[2]s%[3]s", "%[1]s: 디렉터리다. %[2]s 파일이 아니다%[3]s")
	InputIsDevice   = def("%[1]s: is a device, not %[2]s", "%[1]s: 장치 파일이다. %[2]s 파일이 아니다")
	InputIsSocket   = def("%[1]s: is a socket, not %[2]s", "%[1]s: 소켓 파일이다. %[2]s 파일이 아니다")
	InputNotRegular = def("%[1]s: is not a regular file, not %[2]s", "%[1]s: 일반 파일이 아니다. %[2]s 파일이 아니다")
	InputTooLarge   = def("%[1]s: %[2]d bytes is too large for %[3]s (limit 64 MiB)", "%[1]s: %[2]d바이트는 %[3]s 파일로는 너무 크다 (한도 64 MiB)")
	InputPipeLarge  = def("%[1]s: more than 64 MiB is too large for %[2]s", "%[1]s: 64 MiB가 넘어서 %[2]s 파일로는 너무 크다")
	InputEmpty      = def("%[1]s: empty file: a scenario needs at least a host", "%[1]s: 빈 파일이다: 시나리오에는 호스트가 적어도 하나 있어야 한다")
	InputScenario   = def("a scenario", "시나리오")
	InputGolden     = def("a golden file", "골든")
	InputDirHint    = def(" (tcps test runs a directory)", " (디렉터리는 tcps test로 실행한다)")
)

// The LSP's hover texts (cmd/tcps/lsp.go), Markdown.
var (
	HoverDeclared = def("%[1]s **%[2]s**, declared on line %[3]d", "%[1]s **%[2]s**: %[3]d번 줄에서 선언했다")
	HoverSocket   = def("socket **%[1]s** of %[2]s, declared on line %[3]d", "%[2]s의 소켓 **%[1]s**: %[3]d번 줄에서 선언했다")
	HoverState    = def("connection state **%[1]s**", "연결 상태 **%[1]s**")
	HoverErrno    = def("**%[1]s**: an error a call can return (`expect %[1]s`)", "**%[1]s**: 호출이 반환할 수 있는 오류 (`expect %[1]s`)")
)
