// The tcps extension: .tcps files are coloured by the TextMate grammar in
// syntaxes/ (generated from the language's tables by `go test ./lang`),
// and checked, explained, completed and formatted by `tcps lsp`, which
// this starts as a Language Server over stdio.
'use strict';

const vscode = require('vscode');
const { LanguageClient, TransportKind } = require('vscode-languageclient/node');

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration('tcps').get('path') || 'tcps';
  const server = { command, args: ['lsp'], transport: TransportKind.stdio };
  client = new LanguageClient('tcps', 'tcps', { run: server, debug: server }, {
    documentSelector: [{ scheme: 'file', language: 'tcps' }, { scheme: 'untitled', language: 'tcps' }],
  });
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
