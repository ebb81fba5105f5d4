// The MCP server's workspace root: what is inside it and what is not, on real files and links.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OutsideRootError, WorkspaceRoot } from '../../server/src/mcp/workspace-root';

describe('WorkspaceRoot', () => {
  let scratch: string;
  let root: WorkspaceRoot;

  before(async () => {
    scratch = mkdtempSync(path.join(tmpdir(), 'dm-root-'));
    mkdirSync(path.join(scratch, 'project', 'specs'), { recursive: true });
    // A sibling whose name starts with the root's: outside, though its path shares the prefix.
    mkdirSync(path.join(scratch, 'project-evil'));
    writeFileSync(path.join(scratch, 'project-evil', 'data-model.md'), 'x');
    writeFileSync(path.join(scratch, 'project', '..notes.md'), 'x');
    writeFileSync(path.join(scratch, 'project', 'specs', 'spec.md'), 'x');
    symlinkSync(path.join(scratch, 'project', 'specs'), path.join(scratch, 'project', 'linked-specs'));
    symlinkSync(path.join(scratch, 'project-evil'), path.join(scratch, 'project', 'escape'));
    root = await WorkspaceRoot.open(path.join(scratch, 'project'));
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('accepts files inside, by relative or absolute path, through links that stay inside, and names starting with two dots', async () => {
    assert.equal(root.display(await root.existing('specs/spec.md')), 'specs/spec.md');
    assert.equal(root.display(await root.existing(path.join(scratch, 'project', 'specs', 'spec.md'))), 'specs/spec.md');
    assert.equal(root.display(await root.existing('linked-specs/spec.md')), 'specs/spec.md');
    assert.equal(root.display(await root.existing('..notes.md')), '..notes.md');
  });

  it('refuses a sibling sharing the prefix, parent paths, and links that lead out, without saying whether they exist', async () => {
    for (const given of ['../project-evil/data-model.md', path.join(scratch, 'project-evil', 'data-model.md'), 'escape/data-model.md', '../nothing-here.md', '/etc/passwd']) {
      await assert.rejects(root.existing(given), (error: unknown) => error instanceof OutsideRootError && /outside the workspace root/.test((error as Error).message), given);
    }
    await assert.rejects(root.writable('escape/new.md'), OutsideRootError);
    await assert.rejects(root.writable('../new.md'), OutsideRootError);
  });

  it('a missing file inside is reported as missing, and a new file inside is writable', async () => {
    await assert.rejects(root.existing('specs/none.md'), /specs\/none\.md: no such file in the workspace/);
    assert.equal(root.display(await root.writable('specs/data-model.md')), 'specs/data-model.md');
  });
});
