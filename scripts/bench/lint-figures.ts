/**
 * Full lint and incremental re-lint of the 300-table document, against markdown-it's bare
 * parse (the floor: every Markdown tool pays it) and markdownlint with its default rules (a
 * peer: another linter of the same file).
 */
import MarkdownIt from 'markdown-it';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { lintDocument } from '../../server/src/api/lint-document';
import { LintedDocuments } from '../../server/src/lsp/linted-documents';
import { ParsedDocuments } from '../../server/src/lsp/parsed-documents';
import { readMarkdown } from '../../server/src/markdown/reader';
import { interleaved, median, ms, ratio, time } from './stats';
import { largeDocument as largeDocumentText } from './documents';

/** What the CLI and the language server do for one document: read it, then every rule. */
export function fullLint(text: string): number {
  const { model, problems } = readMarkdown(text);
  return lintDocument(model, text, problems).findings.length;
}

type MarkdownlintSync = (options: { strings: Record<string, string> }) => Record<string, unknown[]>;

async function loadMarkdownlint(): Promise<MarkdownlintSync> {
  const module = (await import('markdownlint/sync')) as { lint: MarkdownlintSync };
  return module.lint;
}

export async function lintFigures(text: string, rounds = 9, peerRounds = 3) {
  const markdownIt = new MarkdownIt();
  const markdownlint = await loadMarkdownlint();
  const findings = fullLint(text);
  const samples = interleaved({ ours: () => fullLint(text), markdownIt: () => markdownIt.parse(text, {}) }, rounds);
  // markdownlint takes ~15 s a run on this document: fewer runs, each beside one of ours.
  const peerSamples = interleaved({ ours: () => fullLint(text), markdownlint: () => markdownlint({ strings: { 'data-model.md': text } }) }, peerRounds, 0);
  const ours = median(samples.ours!);
  const floor = median(samples.markdownIt!);
  const peer = median(peerSamples.markdownlint!);
  const oursBesidePeer = median(peerSamples.ours!);
  return {
    input: { lines: text.split('\n').length, bytes: Buffer.byteLength(text), findings },
    runs: rounds,
    markdownlintRuns: peerRounds,
    oursMs: ms(ours),
    markdownItParseMs: ms(floor),
    markdownlintMs: ms(peer),
    ratioToMarkdownIt: ratio(ours, floor),
    speedupOverMarkdownlint: ratio(peer, oursBesidePeer),
    targets: {
      // The robustness tests only check that a lint does not hang; this is the speed target.
      under1s: ours < 1000,
      atMost2xMarkdownIt: ours <= 2 * floor,
      atLeast50xFasterThanMarkdownlint: peer / oursBesidePeer >= 50,
    },
  };
}

/**
 * The language server's path after a keystroke: the open document takes the one-character
 * change (as `TextDocuments` applies it), the parse cache sees a new version (and takes the
 * reader's prose fast path), the lint cache re-runs the rules that read prose.
 * Alternately types and deletes one character in a description cell in the middle of the
 * document, so every measured re-lint sees an edit.
 */
export function incrementalFigures(text: string, rounds = 9) {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate, index) => index > lines.length / 2 && /^\| column_4 \|/.test(candidate));
  if (line < 0) throw new Error('no description cell to edit in the benchmark document');
  const character = lines[line]!.lastIndexOf('|') - 1;
  const uri = 'file:///bench/data-model.md';
  let document = TextDocument.create(uri, 'markdown', 1, text);
  const parsed = new ParsedDocuments();
  const linted = new LintedDocuments();
  let fastPaths = 0;
  const relint = (current: TextDocument) => {
    const document = parsed.get(current);
    if (document.rowEdit?.proseOnly) fastPaths++;
    return linted.lint(document).findings.length;
  };
  relint(document);
  const edits: number[] = [];
  const fulls: number[] = [];
  for (let round = 0; round < rounds + 2; round++) {
    const typing = round % 2 === 0;
    const change = typing
      ? { range: { start: { line, character }, end: { line, character } }, text: 'x' }
      : { range: { start: { line, character }, end: { line, character: character + 1 } }, text: '' };
    document = TextDocument.update(document, [change], document.version + 1);
    const edited = document;
    let incrementalFindings = 0;
    const incremental = time(() => (incrementalFindings = relint(edited)));
    let fullFindings = 0;
    const full = time(() => (fullFindings = fullLint(edited.getText())));
    // The fast path must give what a full lint gives, or its speed means nothing.
    if (incrementalFindings !== fullFindings) throw new Error(`re-lint found ${incrementalFindings} problems, a full lint ${fullFindings}`);
    if (round >= 2) {
      edits.push(incremental);
      fulls.push(full);
    }
  }
  const incremental = median(edits);
  const full = median(fulls);
  return {
    edit: `one character typed or deleted in a description cell on line ${line + 1}`,
    runs: rounds,
    editsOnTheFastPath: `${fastPaths} of ${rounds + 2}`,
    relintMs: ms(incremental),
    fullLintMs: ms(full),
    ratioToFullLint: ratio(incremental, full),
    targets: { atMost0_2OfFullLint: incremental <= 0.2 * full },
  };
}

/**
 * Lint time against document size: the 300-table format at about 1, 2 and 4 MB, and a shape
 * that was quadratic (one section of headings without tables), each read and linted in full.
 * Linear means each doubling of the input about doubles the time (ratio near 2, never 3+).
 */
export function lintScalingFigures(rounds = 3) {
  const headings = (tables: number) =>
    ['# Data Model: Headings', '', '## Entity Definitions', '', ...Array.from({ length: tables }, (_, i) => `### t_${i}\n\nno table yet\n`)].join('\n');
  const shapes: Record<string, (scale: number) => string> = {
    tables: (scale) => largeDocumentText(900 * scale),
    headingsWithoutTables: (scale) => headings(11_000 * scale),
  };
  const result: Record<string, unknown> = {};
  for (const [name, make] of Object.entries(shapes)) {
    const rows = [1, 2, 4].map((scale) => {
      const text = make(scale);
      const samples = Array.from({ length: rounds }, () => time(() => fullLint(text)));
      return { megabytes: Math.round(Buffer.byteLength(text) / 10_000) / 100, ms: ms(median(samples)) };
    });
    result[name] = {
      runs: rows,
      ratioPerDoubling: [ratio(rows[1]!.ms, rows[0]!.ms), ratio(rows[2]!.ms, rows[1]!.ms)],
      targets: { linear: rows[2]!.ms / rows[1]!.ms < 2.6, fourMegabytesUnder3s: name !== 'tables' || rows[2]!.ms < 3000 },
    };
  }
  return result;
}
