// tcps playground: the page around the WebAssembly build of tcps
// (cmd/tcps/web/wasm). Everything runs here, in the browser.
"use strict";

const $ = (id) => document.getElementById(id);

// UI strings. The model's own messages (the trace) stay English until
// issue #17 translates them.
const UI = {
  en: {
    playground: "playground", scenario: "Scenario", choose: "(choose a scenario)", run: "Run", share: "Copy link",
    loading: "Loading WebAssembly…", ready: "Ready", trace: "Text trace (tcps run)", speed: "Speed", jump: "Jump to t=",
    go: "Go", queues: "Three queues of each connection", blocked: "Blocked calls", deadlock: "Deadlock",
    ladder: "Ladder up to this moment", tables: "Socket structures and netstat of each host", events: "Events",
    footer: "Runs entirely in your browser (WebAssembly); works offline once loaded.",
    step: "step", of: "of", noconn: "(no connections yet)", noblocked: "(no call is blocked)", nopkt: "(no packets yet)",
    since: "blocked since", errors: "errors", fixerrors: "Fix the errors first.", copied: "Link copied to the clipboard.",
    loaded: "loaded in", cut: "The timeline stops here: the run has more events than the page records.",
    exit: "exit status", ran: "Ran", steps: "steps", delivered: "Delivered", inflight: "in flight", gone: "(gone)",
    lecture: "Lecture", course: "Course", badlink: "The link does not hold a scenario", play: "play", pause: "pause",
    edited: "Edited: Run to update the timeline.",
  },
  ko: {
    playground: "실습장", scenario: "시나리오", choose: "(시나리오 선택)", run: "실행", share: "링크 복사",
    loading: "WebAssembly 불러오는 중…", ready: "준비됨", trace: "텍스트 트레이스 (tcps run)", speed: "속도", jump: "시각으로 이동 t=",
    go: "이동", queues: "연결마다 세 큐", blocked: "블록된 호출", deadlock: "교착 상태",
    ladder: "지금까지의 래더 다이어그램", tables: "호스트별 소켓 구조체와 netstat", events: "이벤트",
    footer: "모두 브라우저 안에서 실행됩니다 (WebAssembly). 한 번 불러오면 오프라인에서도 동작합니다.",
    step: "단계", of: "/", noconn: "(아직 연결 없음)", noblocked: "(블록된 호출 없음)", nopkt: "(아직 패킷 없음)",
    since: "블록 시작", errors: "오류", fixerrors: "먼저 오류를 고치세요.", copied: "링크를 클립보드에 복사했습니다.",
    loaded: "로드 시간", cut: "타임라인은 여기까지입니다: 실행의 이벤트가 페이지가 기록하는 수보다 많습니다.",
    exit: "종료 코드", ran: "실행함", steps: "단계", delivered: "Delivered", inflight: "전송 중", gone: "(없음)",
    lecture: "강의", course: "과목", badlink: "링크에 시나리오가 없습니다", play: "재생", pause: "일시정지",
    edited: "수정됨: 실행을 눌러 타임라인을 갱신하세요.",
  },
};
let uiLang = (navigator.language || "").toLowerCase().startsWith("ko") ? "ko" : "en";
let scenarioLang = "";
const tr = (k) => (UI[uiLang === "ko" || scenarioLang === "ko" ? "ko" : "en"][k] || UI.en[k] || k);

// setStatus shows a message in the header; key, when given, names a UI
// string to show again in the new language when the language changes.
function setStatus(text, key) {
  const el = $("status");
  el.textContent = text;
  el.dataset.key = key || "";
}

function applyLang() {
  const l = scenarioLang === "ko" || uiLang === "ko" ? "ko" : "en";
  const changed = document.documentElement.lang !== l;
  document.documentElement.lang = l;
  document.body.dataset.lang = l;
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = tr(el.dataset.i18n);
  if (!timer) $("play").textContent = "▷ " + tr("play");
  if ($("status").dataset.key) $("status").textContent = tr($("status").dataset.key);
  if (changed && play) show(cur);
}

// --- WebAssembly ---
const go = new Go();
let ready = false;
window.tcpsReady = () => {
  ready = true;
  window.tcpsLoadMs = Math.round(performance.now()); // since the navigation started
  $("loadtime").textContent = `(${tr("loaded")} ${window.tcpsLoadMs} ms)`;
  start();
};
(async () => {
  try {
    const r = await WebAssembly.instantiateStreaming(fetch("tcps.wasm"), go.importObject);
    window.tcpsCompiledMs = Math.round(performance.now());
    go.run(r.instance);
  } catch (e) {
    setStatus("WebAssembly: " + e);
  }
})();

// --- editor ---
let KW = {};
const ed = $("editor"), hl = $("hl"), inline = $("inline");
let diags = [];

function esc(s) { return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }

function kwClass(w) {
  for (const k of ["verb", "setting", "view", "prop", "state", "errno"]) {
    if (KW[k] && KW[k].has(w)) return "kw-" + k;
  }
  return "";
}

// highlightLine marks up one line: comments, strings, numbers with units,
// addresses, keywords; the columns of errors are underlined.
function highlightLine(line, lineNo) {
  const errCols = new Set(diags.filter((d) => d.line === lineNo).map((d) => d.col));
  const out = [];
  const re = /(#.*$)|("(?:[^"\\]|\\.)*"?)|(\d+(?:\.\d+){3}(?::\d+)?|\*:\d+)|(\d+(?:\.\d+)?(?:ms|us|s|m|h|[KMG]i?B?|K|M)?\b)|([A-Za-z_][\w-]*)|(\s+)|(.)/g;
  let m;
  while ((m = re.exec(line)) !== null) {
    const text = m[0];
    let cls = "";
    if (m[1]) cls = "cmt"; else if (m[2]) cls = "str"; else if (m[3]) cls = "addr"; else if (m[4]) cls = "num";
    else if (m[5]) cls = kwClass(m[5].toLowerCase()) || kwClass(m[5]);
    const col = m.index + 1;
    let hit = false;
    for (const c of errCols) if (c >= col && c < col + text.length) hit = true;
    const classes = [cls, hit ? "err" : ""].filter(Boolean).join(" ");
    out.push(classes ? `<span class="${classes}">${esc(text)}</span>` : esc(text));
    if (text === "") re.lastIndex++;
  }
  // an error past the end of the line (a missing word)
  for (const c of errCols) if (c > line.length) out.push('<span class="err"> </span>');
  return out.join("");
}

function renderEditor() {
  const lines = ed.value.split("\n");
  hl.innerHTML = lines.map((l, i) => highlightLine(l, i + 1)).join("\n") + "\n";
  hl.scrollTop = ed.scrollTop; hl.scrollLeft = ed.scrollLeft;
  // the messages, inline: just under the line, from the column
  inline.innerHTML = "";
  const lh = 18, pad = 8, cw = charWidth();
  for (const d of diags) {
    const el = document.createElement("div");
    el.className = "diag";
    el.dataset.line = d.line; el.dataset.col = d.col;
    el.textContent = `${d.line}:${d.col}: ${d.msg}`;
    el.style.top = (pad + d.line * lh - ed.scrollTop) + "px";
    el.style.left = Math.max(pad + (d.col - 1) * cw - ed.scrollLeft, 2) + "px";
    inline.appendChild(el);
  }
  $("diags").innerHTML = diags.map((d) => `<li data-line="${d.line}" data-col="${d.col}">${d.line}:${d.col}: ${esc(d.msg)}</li>`).join("");
}

let cw0 = 0;
function charWidth() {
  if (cw0) return cw0;
  const s = document.createElement("span");
  s.style.font = getComputedStyle(ed).font; s.style.position = "absolute"; s.style.visibility = "hidden";
  s.textContent = "x".repeat(100);
  document.body.appendChild(s);
  cw0 = s.getBoundingClientRect().width / 100;
  s.remove();
  return cw0;
}

let checkTimer = 0;
function check() {
  if (!ready) return;
  const r = JSON.parse(tcps.check(ed.value));
  diags = r.errors || [];
  scenarioLang = r.lang || "";
  applyLang();
  renderEditor();
  $("run").disabled = false;
}
ed.addEventListener("input", () => {
  if (play) setStatus(tr("edited"), "edited");
  renderEditor(); clearTimeout(checkTimer); checkTimer = setTimeout(check, 120); });
ed.addEventListener("scroll", () => { hl.scrollTop = ed.scrollTop; hl.scrollLeft = ed.scrollLeft; renderEditor(); });
ed.addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); runScenario(); }
});

// --- scenarios menu ---
let menu = [];
async function loadMenu() {
  menu = JSON.parse(tcps.scenarios()).map((s) => ({ ...s, group: "lecture" }));
  try { // a course's own scenarios, written by tcps site --scenarios
    const r = await fetch("scenarios.json");
    if (r.ok) for (const s of await r.json()) menu.push({ ...s, group: "course" });
  } catch (e) { /* none */ }
  const sel = $("scenario");
  for (const g of ["lecture", "course"]) {
    const items = menu.filter((s) => s.group === g);
    if (!items.length) continue;
    const og = document.createElement("optgroup");
    og.label = tr(g);
    for (const s of items) {
      const o = document.createElement("option");
      o.value = g + "/" + s.name; o.textContent = s.name;
      og.appendChild(o);
    }
    sel.appendChild(og);
  }
}
$("scenario").addEventListener("change", () => {
  const s = menu.find((x) => x.group + "/" + x.name === $("scenario").value);
  if (!s) return;
  ed.value = s.src; ed.scrollTop = 0;
  check();
});

// --- run and the timeline ---
let play = null, cur = 0, timer = 0;

function runScenario() {
  if (!ready) return;
  stop();
  check();
  if (diags.length) { setStatus(tr("fixerrors")); return; }
  const t = performance.now();
  play = JSON.parse(tcps.run(ed.value));
  window.tcpsRunMs = Math.round(performance.now() - t);
  history.replaceState(null, "", "#" + tcps.encode(ed.value));
  $("share").disabled = false;
  $("trace").textContent = play.trace;
  setStatus(`${tr("ran")}: ${play.steps.length} ${tr("steps")}, ${tr("exit")} ${play.exit_code} (${window.tcpsRunMs} ms)`);
  $("log").innerHTML = play.steps.map((s) => `<li>${esc(s.text)}</li>`).join("");
  const n = play.steps.length;
  $("slider").max = Math.max(n - 1, 0);
  for (const id of ["first", "back", "play", "fwd", "last", "go", "slider"]) $(id).disabled = n === 0;
  show(0);
}
$("run").addEventListener("click", runScenario);

function show(k) {
  if (!play || !play.steps.length) return;
  cur = Math.max(0, Math.min(k, play.steps.length - 1));
  const s = play.steps[cur], snap = play.snaps[s.snap];
  const last = cur === play.steps.length - 1;
  $("slider").value = cur;
  $("stepinfo").textContent = `${tr("step")} ${cur + 1} ${tr("of")} ${play.steps.length} · t=${s.time}`;
  $("stepinfo").dataset.step = cur;
  $("event").textContent = s.text + (last && play.cut ? "\n" + tr("cut") : "");
  drawQueues(snap);
  drawBlocked(snap);
  drawTables(snap);
  const svg = tcps.ladder(cur);
  $("ladder").innerHTML = svg || `<p>${tr("nopkt")}</p>`;
  const dl = play.deadlock && play.steps.slice(0, cur + 1).some((x) => x.kind === "deadlock");
  $("deadlockpanel").hidden = !dl;
  $("deadlock").textContent = dl ? play.deadlock : "";
  const log = $("log");
  const prev = log.querySelector("li.cur");
  if (prev) prev.classList.remove("cur");
  const li = log.children[cur];
  if (li) { li.classList.add("cur"); li.scrollIntoView({ block: "nearest" }); }
}

function pct(n, of) { return of > 0 ? Math.min(100, (100 * n) / of) : 0; }

function drawQueues(snap) {
  const q = $("queues");
  if (!snap.conns.length) { q.innerHTML = `<p>${tr("noconn")}</p>`; return; }
  q.innerHTML = snap.conns.map((c) => `<div class="conn"><h3>${esc(c.title)}</h3>` + c.dirs.map((d) => {
    const sendCap = d.sndbuf || d.sendq || 1, recvCap = d.rcvbuf || d.recvq || 1;
    const fly = Math.min(d.in_flight, d.sendq);
    return `<div class="dir" data-sender="${esc(d.sender)}" data-receiver="${esc(d.receiver)}">
      <div class="lab">${esc(d.sender)} SendQ</div>
      <div class="bar q sendq" data-bytes="${d.sendq}" data-cap="${d.sndbuf}"><div class="fill" style="width:${pct(d.sendq, sendCap)}%"></div>
        <div class="fly" style="left:0;width:${pct(fly, sendCap)}%"></div>
        <span class="txt">SendQ ${d.sendq}/${d.sndbuf}${fly ? ` (${fly} ${tr("inflight")})` : ""}</span></div>
      <div class="lab">${esc(d.receiver)} RecvQ</div>
      <div class="bar q recvq" data-bytes="${d.recvq}" data-cap="${d.rcvbuf}"><div class="fill recv" style="width:${pct(d.recvq, recvCap)}%"></div>
        <span class="txt">RecvQ ${d.recvq}/${d.rcvbuf}</span></div>
      <div class="lab">${esc(d.receiver)}</div><div class="q delivered" data-bytes="${d.delivered}">${tr("delivered")} ${d.delivered}</div>
    </div>`;
  }).join("") + "</div>").join("");
}

function drawBlocked(snap) {
  const b = $("blocked");
  if (!snap.blocked.length) { b.innerHTML = `<p>${tr("noblocked")}</p>`; return; }
  b.innerHTML = snap.blocked.map((x) => `<div class="blk" data-call="${esc(x.call)}"><code>${esc(x.call)}</code>
    (${tr("since")} t=${esc(x.since)}): ${esc(x.reason)}</div>`).join("");
}

function table(title, rows) {
  if (!rows || rows.length < 2) return "";
  const [h, ...body] = rows;
  return `<table class="t"><caption>${esc(title)}</caption><tr>${h.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>` +
    body.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`).join("") + "</table>";
}

function drawTables(snap) {
  $("tables").innerHTML = snap.hosts.map((h) =>
    table(`socket structures of ${h.name}`, h.sockets) + table(`${h.name}$ netstat -an`, h.netstat)).join("") || "<p>—</p>";
}

function stop() { clearInterval(timer); timer = 0; $("play").textContent = "▷ " + tr("play"); }
$("first").addEventListener("click", () => { stop(); show(0); });
$("back").addEventListener("click", () => { stop(); show(cur - 1); });
$("fwd").addEventListener("click", () => { stop(); show(cur + 1); });
$("last").addEventListener("click", () => { stop(); show(play.steps.length - 1); });
$("slider").addEventListener("input", () => { stop(); show(+$("slider").value); });
$("play").addEventListener("click", () => {
  if (timer) { stop(); return; }
  if (cur >= play.steps.length - 1) show(0);
  $("play").textContent = "❚❚ " + tr("pause");
  timer = setInterval(() => {
    if (cur >= play.steps.length - 1) { stop(); return; }
    show(cur + 1);
  }, 1000 / +$("speed").value);
});
$("speed").addEventListener("change", () => { if (timer) { stop(); $("play").click(); } });

// parseTime reads "5ms", "1.5s", "300us", "2m" or a bare number of ms.
function parseTime(s) {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|m|h)?\s*$/.exec(s);
  if (!m) return NaN;
  const mul = { ns: 1, us: 1e3, "µs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 }[m[2] || "ms"];
  return parseFloat(m[1]) * mul;
}
function jump() {
  const t = parseTime($("jump").value);
  if (!play || isNaN(t)) return;
  stop();
  let k = play.steps.findIndex((s) => s.time_ns >= t);
  if (k < 0) k = play.steps.length - 1;
  show(k);
}
$("go").addEventListener("click", jump);
$("jump").addEventListener("keydown", (e) => { if (e.key === "Enter") jump(); });
document.addEventListener("keydown", (e) => {
  if (e.target === ed || e.target === $("jump") || !play) return;
  if (e.key === "ArrowRight") show(cur + 1);
  if (e.key === "ArrowLeft") show(cur - 1);
});

$("share").addEventListener("click", async () => {
  const url = location.href.split("#")[0] + "#" + tcps.encode(ed.value);
  history.replaceState(null, "", url);
  try { await navigator.clipboard.writeText(url); setStatus(tr("copied")); } catch (e) { setStatus(url); }
});

async function start() {
  const k = JSON.parse(tcps.keywords());
  for (const name in k) KW[name] = new Set(k[name]);
  await loadMenu();
  setStatus(tr("ready"), "ready");
  $("run").disabled = false;
  const frag = location.hash.slice(1);
  if (frag) {
    const r = JSON.parse(tcps.decode(frag));
    if (r.src !== undefined) { ed.value = r.src; check(); runScenario(); }
    else setStatus(`${tr("badlink")}: ${r.error}`);
  } else {
    check();
  }
  applyLang();
  window.tcpsInteractiveMs = Math.round(performance.now());
}
applyLang();
