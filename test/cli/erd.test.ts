// `data-model erd` as a person runs it: the bundled CLI in a child process, rendering with the
// webview bundle in headless Chromium (needs /usr/bin/chromium; without it these tests fail).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { sampleDocument } from '../webview/fixtures';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');

function run(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Entity names drawn in an exported SVG (mermaid's node ids: `<id>-entity-<NAME>-<n>`). */
function entitiesIn(svg: string): string[] {
  return [...new Set([...svg.matchAll(/id="[^"]*-entity-([A-Z_]+)-\d+"/g)].map((match) => match[1]!))].sort();
}

describe('data-model erd', () => {
  let folder: string;
  let document: string;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'dm-erd-'));
    document = path.join(folder, 'data-model.md');
    writeFileSync(document, sampleDocument());
  });

  it('writes an SVG with the six entities and their relationships', async () => {
    const result = await run(['erd', 'data-model.md', '--out', 'erd.svg'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /Wrote erd\.svg: 6 entities, the whole model, diagram as written/);
    const svg = readFileSync(path.join(folder, 'erd.svg'), 'utf8');
    assert.deepEqual(entitiesIn(svg), ['DATASETS', 'DATASET_ANSWERS', 'DATASET_ITEMS', 'SUBMISSIONS', 'TASKS', 'USERS']);
    // Six relationship lines, each between two of the entities.
    const edges = [...svg.matchAll(/class="[^"]*relationshipLine[^"]*"/g)];
    assert.equal(edges.length, 6);
    for (const pair of ['USERS-\\d+_entity-SUBMISSIONS', 'TASKS-\\d+_entity-SUBMISSIONS', 'DATASETS-\\d+_entity-TASKS', 'DATASET_ITEMS-\\d+_entity-DATASET_ANSWERS']) {
      assert.match(svg, new RegExp(`id_entity-${pair}`), pair);
    }
    assert.match(svg.replace(/<[^>]+>/g, ''), /answered by/, 'relationship labels are drawn');
  });

  it('--focus submissions --depth 1 draws only submissions, users and tasks', async () => {
    const result = await run(['erd', 'data-model.md', '--out', 'focus.svg', '--focus', 'submissions', '--depth', '1', '--theme', 'dark'], folder);
    assert.equal(result.code, 0, result.stderr);
    const svg = readFileSync(path.join(folder, 'focus.svg'), 'utf8');
    assert.deepEqual(entitiesIn(svg), ['SUBMISSIONS', 'TASKS', 'USERS']);
    assert.equal([...svg.matchAll(/class="[^"]*relationshipLine[^"]*"/g)].length, 2);
  });

  it('writes a PNG', async () => {
    const result = await run(['erd', 'data-model.md', '--out', 'erd.png'], folder);
    assert.equal(result.code, 0, result.stderr);
    const png = readFileSync(path.join(folder, 'erd.png'));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    // IHDR: width and height, big-endian, right after the signature and chunk header.
    assert.ok(png.readUInt32BE(16) > 500 && png.readUInt32BE(20) > 500, 'a real-sized image');
  });

  it('derives the diagram from the tables when the document has none, and says so', async () => {
    writeFileSync(path.join(folder, 'no-diagram.md'), sampleDocument().replace(/```mermaid[\s\S]*?```/, ''));
    const result = await run(['erd', 'no-diagram.md', '--out', 'derived.svg'], folder);
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stderr, /note: Derived from the Entity Definitions/);
    assert.equal(entitiesIn(readFileSync(path.join(folder, 'derived.svg'), 'utf8')).length, 6);
  });

  it('input problems exit 1 with file:line messages and write nothing', async () => {
    const missing = await run(['erd', 'nope.md', '--out', 'x.svg'], folder);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.md: no such file/);

    writeFileSync(path.join(folder, 'empty.md'), '# Notes\n\nNothing here.\n');
    const empty = await run(['erd', 'empty.md', '--out', 'x.svg'], folder);
    assert.equal(empty.code, 1);
    assert.match(empty.stderr, /empty\.md:1:1: error: nothing to draw/);

    const unknown = await run(['erd', 'data-model.md', '--out', 'x.svg', '--focus', 'nonexistent'], folder);
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /no table "nonexistent".*users/);

    // A diagram mermaid cannot draw: the written diagram's unreadable line is reported with its line.
    writeFileSync(path.join(folder, 'broken.md'), sampleDocument().replace('USERS ||--o{ SUBMISSIONS : "has"', 'USERS ||--o{ SUBMISSIONS has'));
    const broken = await run(['erd', 'broken.md', '--out', 'broken.svg'], folder);
    assert.equal(broken.code, 0, 'a small error still draws the rest');
    assert.match(broken.stderr, /broken\.md:\d+:1: error: Cannot read this erDiagram line/);
    assert.ok(!existsSync(path.join(folder, 'x.svg')));
  });

  it('usage errors exit 2', async () => {
    for (const args of [
      ['erd'],
      ['erd', 'data-model.md'],
      ['erd', 'data-model.md', '--out', 'x.jpg'],
      ['erd', 'data-model.md', '--out', 'x.svg', '--theme', 'sepia'],
      ['erd', 'data-model.md', '--out', 'x.svg', '--depth', '2'],
      ['erd', 'data-model.md', '--out', 'x.svg', '--focus', 'users', '--depth', 'two'],
      ['erd', 'data-model.md', '--out', 'x.svg', '--bogus'],
    ]) {
      const result = await run(args, folder);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+\)/, 'no stack trace');
    }
    const help = await run(['erd', '--help'], folder);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: data-model erd/);
  });
});

// A document is untrusted input: what it writes into names and labels must not configure
// mermaid or reach the exported file.
describe('data-model erd on a hostile document', () => {
  let folder: string;
  const pixel = 'https://tracker.example/pixel.png';
  const directive = `%%{init: {"themeCSS": ".er{background:url(${pixel})}", "htmlLabels": true}}%%`;

  before(() => {
    folder = mkdtempSync(path.join(tmpdir(), 'dm-erd-hostile-'));
    // Derived diagram (no fence): the directive sits in a column name and a description.
    const derived = sampleDocument()
      .replace(/```mermaid[\s\S]*?```/, '')
      .replace('| email |', `| email${directive} |`);
    writeFileSync(path.join(folder, 'derived.md'), derived);
    // Written diagram: the directive as an attribute comment and a relationship label.
    const written = sampleDocument()
      .replace('USERS ||--o{ SUBMISSIONS : "has"', `USERS ||--o{ SUBMISSIONS : "${directive.replace(/"/g, "'")}"\n%%{init: {'themeCSS': '.x{background:url(${pixel})}'}}%%`);
    writeFileSync(path.join(folder, 'written.md'), written);
  });

  for (const name of ['derived', 'written']) {
    it(`${name} diagram: the SVG carries no directive, CSS or URL from the document`, async () => {
      const result = await run(['erd', `${name}.md`, '--out', `${name}.svg`], folder);
      assert.equal(result.code, 0, result.stderr);
      const svg = readFileSync(path.join(folder, `${name}.svg`), 'utf8');
      assert.ok(entitiesIn(svg).includes('USERS'), 'the diagram is still drawn');
      // A label may show the hostile text as characters; no style sheet or attribute may use it.
      const styles = [...svg.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((match) => match[1]).join('\n');
      const tags = (svg.match(/<[^>]+>/g) ?? []).join('\n');
      assert.doesNotMatch(styles + tags, /tracker\.example/, 'the tracking URL reached a style or an attribute');
      assert.doesNotMatch(styles + tags, /url\((?!#)/, 'a url() to anything but the SVG itself');
      assert.doesNotMatch(styles, /background:/, 'CSS from the document reached the style sheet');
      assert.doesNotMatch(svg, /<foreignObject/i, 'HTML labels were turned on');
      assert.doesNotMatch(svg, /%%\{/, 'a directive survived as text');
    });
  }

  it('--out refuses an existing file without --force, and replaces it with --force', async () => {
    const target = path.join(folder, 'existing.svg');
    writeFileSync(target, 'mine');
    const refused = await run(['erd', 'derived.md', '--out', 'existing.svg'], folder);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /existing\.svg already exists; nothing was written \(use --force/);
    assert.equal(readFileSync(target, 'utf8'), 'mine');
    const forced = await run(['erd', 'derived.md', '--out', 'existing.svg', '--force'], folder);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(readFileSync(target, 'utf8'), /<svg/);
  });

  it('never writes through a symlink placed where its temporary file or output goes', async () => {
    const victim = path.join(folder, 'victim.txt');
    writeFileSync(victim, 'precious');
    // Every name a temporary file could have used before (pid-based) is a symlink to the victim,
    // and the output itself is a dangling-free symlink only --force may replace (as a link, not its target).
    for (let pid = 1; pid < 200; pid++) symlinkSync(victim, path.join(folder, `.linked.svg.${pid}.tmp`));
    symlinkSync(victim, path.join(folder, 'linked.svg'));
    const refused = await run(['erd', 'derived.md', '--out', 'linked.svg'], folder);
    assert.equal(refused.code, 1, 'an existing (symlinked) output is refused without --force');
    const forced = await run(['erd', 'derived.md', '--out', 'linked.svg', '--force'], folder);
    assert.equal(forced.code, 0, forced.stderr);
    assert.equal(readFileSync(victim, 'utf8'), 'precious', 'the symlink target was written');
    assert.ok(!lstatSync(path.join(folder, 'linked.svg')).isSymbolicLink(), 'the output replaced the link itself');
    assert.match(readFileSync(path.join(folder, 'linked.svg'), 'utf8'), /<svg/);
  });
});
