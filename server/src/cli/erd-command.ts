/** `data-model erd <data-model.md> --out FILE.svg|FILE.png [--focus TABLE [--depth N]] [--theme light|dark]` */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { erdRequest } from '../api/erd';
import { HeadlessRenderError, renderErdHeadless } from '../erd-render/headless';
import type { HeadlessTheme } from '../erd-render/page-server';
import { findDiagramEntity, MAX_FOCUS_DEPTH } from '../mermaid/focus';
import { CliError, EXIT_INPUT, EXIT_OK, EXIT_USAGE, formatProblem, readInput } from './io';

export const erdUsage = `Usage: data-model erd <data-model.md> --out FILE.svg|FILE.png [options]

Draws the document's entity relationship diagram as the ERD preview does (the same webview
bundle, in headless Chromium) and writes it as SVG or PNG.

Options:
  --out FILE          where to write; .svg or .png decides the format
  --focus TABLE       only TABLE and its neighbours
  --depth N           relationship steps around --focus (default 1, at most ${MAX_FOCUS_DEPTH})
  --theme NAME        light (default), dark or high-contrast
  --browser PATH      Chromium to use (default: /usr/bin/chromium, or $DATA_MODEL_CHROMIUM)`;

const THEMES: readonly HeadlessTheme[] = ['light', 'dark', 'high-contrast'];

export async function runErd(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string', short: 'o' },
      focus: { type: 'string' },
      depth: { type: 'string' },
      theme: { type: 'string', default: 'light' },
      browser: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    out.write(`${erdUsage}\n`);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new CliError(`expected one data-model.md\n\n${erdUsage}`, EXIT_USAGE);
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

  const file = positionals[0];
  const text = await readInput(file);
  const erd = await erdRequest({ text });
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

  let result;
  try {
    result = await renderErdHeadless({ erd, format, theme, focus, browserPath: values.browser });
  } catch (error) {
    if (error instanceof HeadlessRenderError) throw new CliError(error.message);
    throw new CliError(`could not render in headless Chromium: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!result.ok) {
    // Mermaid's line is a line of the emitted diagram; the written diagram's own lines were already reported above.
    err.write(`${file}: error: mermaid cannot draw the diagram${result.line !== undefined ? ` (diagram line ${result.line})` : ''}: ${result.message}\n`);
    return EXIT_INPUT;
  }
  await writeBytesAtomically(values.out, result.data);
  const subject = focus ? `${focus.entity} and neighbours (depth ${focus.depth})` : 'the whole model';
  out.write(`Wrote ${values.out}: ${result.entities} entities, ${subject}, ${erd.source === 'document' ? 'diagram as written' : 'derived from the tables'}\n`);
  return EXIT_OK;
}

/** Like io.ts's writeAtomically, for bytes (a PNG is not text). */
async function writeBytesAtomically(file: string, data: Buffer): Promise<void> {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(temporary, data);
    await fs.rename(temporary, file);
  } catch (error) {
    await fs.rm(temporary, { force: true }).catch(() => undefined);
    throw new CliError(`${file}: could not write: ${(error as Error).message}; any previous file is unchanged`);
  }
}
