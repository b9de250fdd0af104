// Colours the lecture scenarios with the generated TextMate grammar, as
// VS Code does (vscode-textmate with the Oniguruma regular expressions),
// and checks the tokens against the language: every statement's verb is
// a verb, its HOST and SOCK parts are coloured as such, every comment is a
// comment, every string a string. The verbs are read from
// docs/language.md, not from the grammar, so a grammar that drifts fails.
//
//   npm install && npm test
'use strict';

const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const root = path.join(__dirname, '..', '..', '..', '..', '..');
const grammarPath = path.join(__dirname, '..', 'syntaxes', 'tcps.tmLanguage.json');

async function loadGrammar() {
  const wasm = fs.readFileSync(path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (p) => new oniguruma.OnigScanner(p),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scope) => scope === 'source.tcps'
      ? vsctm.parseRawGrammar(fs.readFileSync(grammarPath, 'utf8'), grammarPath)
      : null,
  });
  return registry.loadGrammar('source.tcps');
}

// verbs are the headings of docs/language.md's verb sections.
function verbs() {
  const doc = fs.readFileSync(path.join(root, 'docs', 'language.md'), 'utf8');
  return new Set([...doc.matchAll(/^### ([a-z]+)$/gm)].map((m) => m[1]));
}

// pieces cuts a line as the scanner does: statements (with their offsets),
// strings and the comment.
function pieces(line) {
  const stmts = [], strings = [];
  let comment = -1, start = 0, inStr = -1;
  for (let i = 0; i <= line.length; i++) {
    const c = line[i];
    if (inStr >= 0) {
      if (c === '\\') { i++; continue; }
      if (c === '"' || i === line.length) { strings.push([inStr, i]); inStr = -1; }
      continue;
    }
    if (c === '"') { inStr = i; continue; }
    if (c === '#' || c === ';' || c === '{' || c === '}' || i === line.length) {
      stmts.push([start, i]);
      start = i + 1;
      if (c === '#') { comment = i; break; }
    }
  }
  return { stmts, strings, comment };
}

function scopesAt(tokens, offset) {
  for (const t of tokens) {
    if (t.startIndex <= offset && offset < t.endIndex) return t.scopes;
  }
  return [];
}

async function main() {
  const grammar = await loadGrammar();
  const verbSet = verbs();
  if (verbSet.size < 20) throw new Error(`only ${verbSet.size} verbs in docs/language.md`);
  const dir = path.join(root, 'scenarios', 'lecture');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.tcps')).sort();
  if (files.length === 0) throw new Error('no lecture scenarios');
  const failures = [];
  const count = { files: files.length, lines: 0, verbs: 0, hosts: 0, comments: 0, strings: 0, numbers: 0 };
  const expect = (ok, file, n, what) => { if (!ok) failures.push(`${file}:${n}: ${what}`); };
  for (const file of files) {
    let rule = vsctm.INITIAL;
    const lines = fs.readFileSync(path.join(dir, file), 'utf8').split('\n');
    lines.forEach((line, i) => {
      const n = i + 1;
      const r = grammar.tokenizeLine(line, rule);
      rule = r.ruleStack;
      count.lines++;
      const { stmts, strings, comment } = pieces(line);
      if (comment >= 0) {
        count.comments++;
        expect(scopesAt(r.tokens, comment).includes('comment.line.number-sign.tcps'), file, n, 'comment not coloured as a comment');
      }
      for (const [a, b] of strings) {
        count.strings++;
        expect(scopesAt(r.tokens, a).includes('string.quoted.double.tcps') &&
          scopesAt(r.tokens, b - 1).includes('string.quoted.double.tcps'), file, n, `string at ${a} not coloured as a string`);
      }
      for (const [a, b] of stmts) {
        const text = line.slice(a, b);
        const lead = text.length - text.trimStart().length;
        const head = text.trim().split(/\s+/)[0];
        if (!head) continue;
        const parts = head.split('.');
        const verb = parts[parts.length - 1];
        const at = a + lead + head.length - verb.length;
        expect(verbSet.has(verb), file, n, `head ${head} is not a verb`);
        count.verbs++;
        expect(scopesAt(r.tokens, at).includes('keyword.control.verb.tcps'), file, n,
          `verb ${verb} of ${head} not coloured as a verb: ${JSON.stringify(scopesAt(r.tokens, at))}`);
        if (parts.length >= 2) {
          count.hosts++;
          expect(scopesAt(r.tokens, a + lead).includes('entity.name.type.host.tcps'), file, n, `host of ${head} not coloured as a host`);
        }
        if (parts.length === 3) {
          expect(scopesAt(r.tokens, a + lead + parts[0].length + 1).includes('variable.other.socket.tcps'), file, n,
            `socket of ${head} not coloured as a socket`);
        }
        // Plain sizes and counts after the head, outside strings, are numbers.
        for (const m of text.matchAll(/(?<=\s)\d+(?=\s|$)/g)) {
          if (strings.some(([sa, sb]) => sa <= a + m.index && a + m.index <= sb)) continue;
          count.numbers++;
          expect(scopesAt(r.tokens, a + m.index).includes('constant.numeric.tcps'), file, n, `number ${m[0]} not coloured as a number`);
        }
      }
    });
  }
  // A few lines whose every token is known.
  const line = 'B.c.write 1500 expect EPIPE; show queues A.s # after';
  const toks = grammar.tokenizeLine(line, vsctm.INITIAL).tokens.map((t) => [line.slice(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]);
  const want = [['B', 'entity.name.type.host.tcps'], ['.', 'source.tcps'], ['c', 'variable.other.socket.tcps'], ['.', 'source.tcps'],
    ['write', 'keyword.control.verb.tcps'], [' ', 'source.tcps'], ['1500', 'constant.numeric.tcps'], [' ', 'source.tcps'],
    ['expect', 'keyword.other.tcps'], [' ', 'source.tcps'], ['EPIPE', 'constant.language.errno.tcps'],
    [';', 'punctuation.terminator.statement.tcps'], [' ', 'source.tcps'], ['show', 'keyword.control.verb.tcps'], [' ', 'source.tcps'],
    ['queues', 'support.constant.view.tcps'], [' A.s ', 'source.tcps'], ['# after', 'comment.line.number-sign.tcps']];
  if (JSON.stringify(toks) !== JSON.stringify(want)) failures.push(`sample line: got ${JSON.stringify(toks)}`);
  console.log(`tokens checked: ${JSON.stringify(count)}`);
  if (failures.length) {
    console.error(failures.join('\n'));
    process.exit(1);
  }
  console.log('ok');
}

main().catch((e) => { console.error(e); process.exit(1); });
