/**
 * Run by the memory benchmark in a process started with `--expose-gc`: the language server's
 * own pipeline (open document, 1,000 one-character edits applied to its `LineTextDocument`, a
 * lint every 25 edits, diagnostics built) in-process, so the heap can be measured after a full
 * garbage collection. RSS, measured on the real server process, also counts garbage not yet
 * collected and memory V8 keeps after collecting; the heap after a collection is what the
 * server actually holds on to, and is where a leak would show.
 */
import { toDiagnostic } from '../../server/src/lsp/diagnostics';
import { LineTextDocument } from '../../server/src/lsp/line-text-document';
import { LintedDocuments } from '../../server/src/lsp/linted-documents';
import { ParsedDocuments } from '../../server/src/lsp/parsed-documents';
import { loadSqlParser } from '../../server/src/markdown/sql-fences';
import { largeDocument } from './documents';

const collect = (globalThis as { gc?: () => void }).gc;

async function main(edits = 1000, batch = 25): Promise<void> {
  if (!collect) throw new Error('run with node --expose-gc');
  await loadSqlParser();
  const text = largeDocument(300);
  const parsed = new ParsedDocuments();
  const linted = new LintedDocuments();
  const document = LineTextDocument.create('file:///bench/data-model.md', 'markdown', 1, text);
  const lint = () => linted.lint(parsed.get(document)).findings.map((finding) => toDiagnostic(finding, document.uri));
  const heapAfterCollection = () => {
    collect();
    return process.memoryUsage().heapUsed;
  };
  lint();
  const afterFirstLint = heapAfterCollection();
  const lines = text.split('\n');
  const line = lines.findIndex((candidate, index) => index > lines.length / 2 && /^\| column_4 \|/.test(candidate));
  const character = lines[line]!.lastIndexOf('|') - 1;
  for (let sent = 0; sent < edits; sent++) {
    const change =
      sent % 2 === 0
        ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
        : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    LineTextDocument.update(document, [change], document.version + 1);
    if (sent % batch === batch - 1) lint();
  }
  const afterEdits = heapAfterCollection();
  console.log(JSON.stringify({ heapAfterFirstLintMB: afterFirstLint / 1048576, heapAfterEditsMB: afterEdits / 1048576 }));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
