/** `data-model erd <data-model.md> --out FILE.svg|FILE.png [--focus TABLE [--depth N]] [--theme light|dark]` */
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { erdFromModel, erdRequest } from '../api/erd';
import { loadWorkspaceSchema } from './workspace';
import { HeadlessRenderError, renderErdHeadless } from '../erd-render/headless';
import type { HeadlessTheme } from '../erd-render/page-server';
import { findDiagramEntity, MAX_FOCUS_DEPTH } from '../mermaid/focus';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, exists, formatProblem, readInput, writeAtomically } from './io';

/** Seconds before the drawing is abandoned and Chromium closed: a 300-table model draws in about 10 s. */
const DEFAULT_TIMEOUT_S = 120;

/** What an exported SVG must never contain: our theme produces none of these. */
export function foreignContent(drawn: string): string | undefined {
  // Tags (with their attributes) and style sheets: a label's text is characters, never fetched.
  const tags = drawn.match(/<[^>]+>/g) ?? [];
  const styles = [...drawn.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((match) => match[1]!);
  const svg = [...tags, ...styles].join('\n');
  if (/<script\b/i.test(svg)) return 'a script';
  if (/<foreignObject\b/i.test(svg)) return 'HTML content (foreignObject)';
  if (/@import\b/i.test(svg)) return 'a CSS @import';
  const url = /url\(\s*(?!['"]?#)[^)]*\)/i.exec(svg);
  if (url) return `an external reference ${url[0].slice(0, 80)}`;
  const href = /\b(?:xlink:)?href\s*=\s*["'](?!#)([^"']*)/i.exec(svg);
  if (href) return `a link to ${href[1]!.slice(0, 80)}`;
  return undefined;
}

export const erdUsage = `Usage: data-model erd <data-model.md> --out FILE.svg|FILE.png [options]
       data-model erd --workspace <folder> --out FILE.svg|FILE.png [options]

Draws the document's entity relationship diagram as the ERD preview does (the same webview
bundle, in headless Chromium) and writes it as SVG or PNG.

Options:
  --out FILE          where to write; .svg or .png decides the format
  --workspace DIR     draw the whole schema of the features under DIR (e.g. specs/)
  --focus TABLE       only TABLE and its neighbours
  --depth N           relationship steps around --focus (default 1, at most ${MAX_FOCUS_DEPTH})
  --theme NAME        light (default), dark or high-contrast
  --browser PATH      Chromium to use (default: /usr/bin/chromium, or $DATA_MODEL_CHROMIUM)
  --force             replace FILE when it exists (without it an existing file is never touched)
  --timeout SECONDS   give up drawing after this long (default ${DEFAULT_TIMEOUT_S})`;

const THEMES: readonly HeadlessTheme[] = ['light', 'dark', 'high-contrast'];

export async function runErd(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      focus: { type: 'string' },
      workspace: { type: 'string' },
      depth: { type: 'string' },
      theme: { type: 'string', default: 'light' },
      browser: { type: 'string' },
      force: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${erdUsage}\n`);
    return EXIT_OK;
  }
  if (values.workspace === undefined ? positionals.length !== 1 : positionals.length !== 0) {
    throw new CliError(`expected one data-model.md, or --workspace <folder>\n\n${erdUsage}`, EXIT_USAGE);
  }
  if (!values.out) throw new CliError(`--out FILE.svg or FILE.png is required\n\n${erdUsage}`, EXIT_USAGE);
  const extension = path.extname(values.out).toLowerCase();
  if (extension !== '.svg' && extension !== '.png') throw new CliError('--out must end in .svg or .png', EXIT_USAGE);
  const format = extension === '.svg' ? 'svg' : 'png';
  const theme = values.theme as HeadlessTheme;
  if (!THEMES.includes(theme)) throw new CliError(`--theme must be one of ${THEMES.join(', ')}`, EXIT_USAGE);
  if (values.depth !== undefined && values.focus === undefined) throw new CliError('--depth needs --focus TABLE', EXIT_USAGE);
  const depth = values.depth === undefined ? 1 : Number(values.depth);
  if (!Number.isInteger(depth) || depth < 0 || depth > MAX_FOCUS_DEPTH) {
    throw new CliError(`--depth must be a whole number from 0 to ${MAX_FOCUS_DEPTH}`, EXIT_USAGE);
  }

  const timeoutSeconds = values.timeout === undefined ? DEFAULT_TIMEOUT_S : Number(values.timeout);
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new CliError('--timeout must be a number of seconds above 0', EXIT_USAGE);
  if (!values.force && (await exists(values.out))) {
    throw new CliError(`${values.out} already exists; nothing was written (use --force to replace it)`);
  }

  const file = values.workspace ?? positionals[0]!;
  const erd = values.workspace === undefined ? await erdRequest({ text: await readInput(file) }) : erdFromModel((await loadWorkspaceSchema(values.workspace, err)).model, []);
  for (const problem of erd.problems) err.write(`${formatProblem(file, problem)}\n`);
  if (erd.diagram.entities.length === 0 && erd.diagram.relationships.length === 0) {
    throw new CliError(`${file}:1:1: error: nothing to draw: ${erd.sourceNote}`);
  }
  if (erd.source === 'tables') err.write(`${file}: note: ${erd.sourceNote}\n`);

  let focus: { entity: string; depth: number } | undefined;
  if (values.focus !== undefined) {
    const name = findDiagramEntity(erd.diagram, values.focus);
    if (!name) {
      const known = erd.entities.map((entity) => entity.table).join(', ');
      throw new CliError(`${file}: no table "${values.focus}" in the diagram (tables: ${known})`);
    }
    focus = { entity: name, depth };
  }

  let result: Awaited<ReturnType<typeof renderErdHeadless>>;
  try {
    result = await renderErdHeadless({ erd, format, theme, focus, browserPath: values.browser, timeoutMs: timeoutSeconds * 1000 });
  } catch (error) {
    if (error instanceof HeadlessRenderError) throw new CliError(error.message);
    throw new CliError(`could not render in headless Chromium: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!result.ok) {
    // Mermaid's line is a line of the emitted diagram; the written diagram's own lines were already reported above.
    err.write(`${file}: error: mermaid cannot draw the diagram${result.line !== undefined ? ` (diagram line ${result.line})` : ''}: ${result.message}\n`);
    return EXIT_INPUT;
  }
  if (format === 'svg') {
    // Our theme draws with no external reference: an SVG with one (a tracking pixel in CSS, a
    // script) means something got past the sanitiser, and is refused rather than written.
    const foreign = foreignContent(result.data.toString('utf8'));
    if (foreign) throw new CliError(`${file}: the drawn SVG contains ${foreign}, which our theme never produces; nothing was written`);
  }
  if (!values.force && (await exists(values.out))) {
    throw new CliError(`${values.out} already exists; nothing was written (use --force to replace it)`);
  }
  await writeAtomically(values.out, result.data);
  const subject = focus ? `${focus.entity} and neighbours (depth ${focus.depth})` : 'the whole model';
  out.write(`Wrote ${values.out}: ${result.entities} entities, ${subject}, ${erd.source === 'document' ? 'diagram as written' : 'derived from the tables'}\n`);
  return EXIT_OK;
}
