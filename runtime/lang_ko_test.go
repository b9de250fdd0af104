package runtime

import (
	"strings"
	"testing"
)

// TestKoreanDeadlock: with set lang ko the deadlock report, why each call
// blocks, the cycle and the queue picture are Korean, in the lecture's
// words; packet lines stay as tcpdump prints them.
func TestKoreanDeadlock(t *testing.T) {
	_, out := run(t, `set lang ko
set sndbuf 500
set rcvbuf 500
host A ip 10.0.0.1
listen *:9000 as L
accept as s
host B ip 10.0.0.2
connect A:9000 as c
settle
A.s.write 1500
B.c.write 1500
expect deadlock
`)
	for _, want := range []string{
		"데드락(DEADLOCK) t=5.000ms",
		"A.s.write(1500): t=3.000ms부터 블로킹되어 있다: 복사할 데이터 500바이트 남음: A의 샌드 큐가 가득 찼다 (500/500). B 측의 윈도우 사이즈가 0이다: B 측의 read를 기다린다",
		"순환 대기: A 측이 B 측을 기다린다, B 측이 A 측을 기다린다",
		"      A.1   샌드 큐       500  write 1 [500-999]\n      B.0   리시브 큐     500  write 1 [0-499]\n      B.0   전송 완료       0\n",
		"10.0.0.2.32768 > 10.0.0.1.9000: Flags [.], ack 501, win 0, length 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the Korean trace lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "waits for") || strings.Contains(out, "SendQ is full") {
		t.Errorf("English left in the Korean trace:\n%s", out)
	}
}

// TestKoreanTables: Hangul counts two columns, so a Korean demux table
// stays aligned.
func TestKoreanTables(t *testing.T) {
	got := table([][]string{{"#", "상태", "x"}, {"0", "LISTEN", "y"}}, "rll")
	want := "#  상태    x\n0  LISTEN  y\n"
	if got != want {
		t.Errorf("table:\n%s\nwant:\n%s", got, want)
	}
	_, out := run(t, "set lang ko\nhost A ips 10.1.2.3,192.168.3.2\nlisten *:99 as L0\nshow demux A 172.16.1.10:56789 > 10.1.2.3:99\n")
	for _, want := range []string{
		"A의 역다중화(demux): 패킷 172.16.1.10:56789 > 10.1.2.3:99 [S]",
		"(= 일치, (any) 와일드카드, x 불일치)",
		"  #  상태    로컬 포트  로컬 IP  원격 포트  원격 IP  와일드카드  결과\n  0  LISTEN  99 =       * (any)  * (any)    * (any)           3  선택\n",
		"선택: A.0 (LISTEN *:99). 맞는 구조체가 이것 하나뿐이다; SYN이 오면 여기서 새 파생 소켓이 만들어진다",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the Korean demux lacks %q:\n%s", want, out)
		}
	}
}
