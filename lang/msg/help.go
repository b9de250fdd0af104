package msg

// The words of `tcps help` and of the generated language reference
// (lang/docgen.go) around the tables' own texts.
var (
	HelpIntro = def("A .tcps scenario is a list of statements, one per line or separated by ;.\n"+
		"# starts a comment. Socket calls are written HOST.verb or HOST.SOCKET.verb;\n"+
		"a bare call is made by the host declared last. `tcps help NAME` says more about a\n"+
		"verb, setting, view or property; `tcps help states` and `tcps help errors` list those.\n",
		".tcps 시나리오는 문장의 목록이다. 한 줄에 한 문장을 쓰거나 ;로 구분한다.\n"+
			"#은 주석을 시작한다. 소켓 호출은 HOST.verb 또는 HOST.SOCKET.verb로 쓴다.\n"+
			"호스트 없이 쓴 호출은 마지막에 선언한 호스트가 한다. 동사, 설정, 뷰, 속성의 자세한 설명은\n"+
			"`tcps help NAME`에 있고, 상태와 오류의 목록은 `tcps help states`와 `tcps help errors`에 있다.\n")
	HelpSettings    = def("Settings (set KEY VALUE, HOST.set KEY VALUE, or host ... KEY VALUE):", "설정 (set KEY VALUE, HOST.set KEY VALUE, 또는 host ... KEY VALUE):")
	HelpViews       = def("Views (show VIEW):", "뷰 (show VIEW):")
	HelpProps       = def("Properties (expect TARGET PROPERTY VALUE):", "속성 (expect TARGET PROPERTY VALUE):")
	HelpDefault     = def("%[1]s (default %[2]s)", "%[1]s (기본값 %[2]s)")
	HelpStates      = def("Connection states, as netstat prints them: %[1]s.\nexpect also takes ss's spellings (ESTAB, SYN-RECV, FIN-WAIT-1, UNCONN) and RFC 9293's\n(SYN-RECEIVED, FIN-WAIT-1, CLOSED), in any case.\n", "연결 상태 (netstat이 출력하는 표기): %[1]s.\nexpect는 ss의 표기(ESTAB, SYN-RECV, FIN-WAIT-1, UNCONN)와 RFC 9293의 표기\n(SYN-RECEIVED, FIN-WAIT-1, CLOSED)도 대소문자 구분 없이 받는다.\n")
	HelpErrors      = def("Errors a call can return (expect ERRNO): %[1]s.\n", "호출이 반환할 수 있는 오류 (expect ERRNO): %[1]s.\n")
	HelpExample     = def("Example:", "예:")
	HelpASetting    = def("%[1]s %[2]s (a setting)", "%[1]s %[2]s (설정)")
	HelpAView       = def("%[1]s (a view of show)", "%[1]s (show의 뷰)")
	HelpAProp       = def("%[1]s (a property of expect)", "%[1]s (expect의 속성)")
	HelpNoTopic     = def("no verb, setting, view or property %[1]s", "%[1]s: 그런 동사, 설정, 뷰, 속성은 없다")
	HelpTopicsHint  = def(" (tcps help lists the verbs and settings; tcps help views, properties, states and errors list those)", " (tcps help가 동사와 설정의 목록을, tcps help views, properties, states, errors가 각각의 목록을 보여 준다)")
	RangeOneOf      = def("one of %[1]s", "%[1]s 중 하나")
	RangeAtLeast    = def("at least %[1]s", "%[1]s 이상")
	RangeAny        = def("any", "제한 없음")
	RangeBytes      = def("%[1]s bytes", "%[1]s 바이트")
	FactsDefault    = def("Default %[1]s", "기본값 %[1]s")
	FactsRange      = def("; range %[1]s", "; 범위 %[1]s")
	FactsPerHost    = def("%[1]s. Set for every host with set %[2]s VALUE, or per host with HOST.set %[2]s VALUE or host ... %[2]s VALUE.", "%[1]s. 모든 호스트에는 set %[2]s VALUE로, 호스트 하나에는 HOST.set %[2]s VALUE나 host ... %[2]s VALUE로 설정한다.")
	FactsGlobal     = def("%[1]s. Set for every host at once: set %[2]s VALUE (not per host).", "%[1]s. 모든 호스트에 한 번에 설정한다: set %[2]s VALUE (호스트별 설정은 없다).")
	RefGenerated    = def("<!-- Generated from lang/verbs.go, lang/settings.go and lang/topics.go by `GOLDIE_UPDATE=1 go test ./lang`. Do not edit. -->", "<!-- lang/verbs.go, lang/settings.go, lang/topics.go와 lang/msg의 번역에서 `GOLDIE_UPDATE=1 go test ./lang`으로 생성한다. 직접 고치지 않는다. -->")
	RefTitle        = def("# The .tcps language", "# .tcps 언어")
	RefExample      = def("Example: `%[1]s`", "예: `%[1]s`")
	RefSettings     = def("## Settings", "## 설정")
	RefSettingsHead = def("| key | value | default | range | per host | meaning |", "| 키 | 값 | 기본값 | 범위 | 호스트별 | 뜻 |")
	RefYes          = def("yes", "예")
	RefNo           = def("no", "아니요")
	RefViews        = def("## Views of show", "## show의 뷰")
	RefViewsHead    = def("| view | usage | what it prints |", "| 뷰 | 사용법 | 출력하는 내용 |")
	RefProps        = def("## Properties of expect", "## expect의 속성")
	RefPropsHead    = def("| property | usage | meaning |", "| 속성 | 사용법 | 뜻 |")
	RefErrnos       = def("## Errors a call can return", "## 호출이 반환할 수 있는 오류")
	RefStates       = def("## Connection states\n\nAs netstat prints them (expect also accepts the RFC 9293 and ss spellings): ", "## 연결 상태\n\nnetstat이 출력하는 표기다 (expect는 RFC 9293과 ss의 표기도 받는다): ")
	RefGrammarHead  = def("## Grammar\n\nThe grammar as participle prints it from lang/grammar.go. It is loose on purpose: what each\nverb takes is the verb table's business (below), and the checker explains a wrong word. The tokens in\n`<angle brackets>` are the scanner's (lang/lexer.go):", "## 문법\n\nparticiple이 lang/grammar.go에서 출력한 문법이다. 일부러 느슨하게 만들었다: 각 동사가 무엇을 받는지는\n동사 표(아래)가 정하고, 잘못된 단어는 검사기가 설명한다. `<꺾쇠괄호>` 안의 토큰은\n스캐너(lang/lexer.go)의 토큰이다:")
	RefTokensHead   = def("| token | what it is |", "| 토큰 | 뜻 |")
	RefTokWord      = def("a run of characters other than blanks and `,` `\"` `#` `;` `{` `}` and line ends", "공백과 `,` `\"` `#` `;` `{` `}`, 줄 끝이 아닌 문자가 이어진 것")
	RefTokEndpoint  = def("a word that holds a `:`: `10.0.0.1:80`, `B:99`, `*:80`", "`:`를 담은 단어: `10.0.0.1:80`, `B:99`, `*:80`")
	RefTokSubst     = def("a word that holds a `$` substitution: `$i`, `$(2*i+1)` (see repeat)", "`$` 치환을 담은 단어: `$i`, `$(2*i+1)` (repeat 참고)")
	RefTokString    = def("a `\"quoted string\"` with Go's escapes, ended on its line", "Go의 이스케이프를 쓰는 `\"따옴표 문자열\"`. 같은 줄에서 끝난다")
	RefTokComment   = def("`#` to the end of the line", "`#`부터 줄 끝까지")
	RefTokEOL       = def("a line end or `;`", "줄 끝 또는 `;`")
	RefGrammarTail  = def("Blanks (space, tab, CR) separate tokens. A statement's first argument is its head: a verb, or\n`HOST.verb`, or `HOST.SOCK.verb`.", "공백(스페이스, 탭, CR)이 토큰을 구분한다. 문장의 첫 인자는 머리다: 동사,\n`HOST.verb`, 또는 `HOST.SOCK.verb`.")
)
