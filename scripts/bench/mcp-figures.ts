/**
 * `data-model mcp`: how long the server takes from spawn to answering `initialize` (what every
 * assistant session pays), beside a bare `node -e 0` spawned the same way; and a lint of the
 * 300-table document through a warm server (SDK client over stdio, the document by path)
 * beside the CLI's own lint of the same file (`data-model lint --format json`, in this process,
 * so neither pays a process start). Needs a build (dist/cli.js).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { main } from '../../server/src/cli';
import { median, ms, ratio, timeAsync } from './stats';

const root = path.resolve(__dirname, '../..');
const cli = path.join(root, 'dist/cli.js');

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

async function connect(folder: string): Promise<Client> {
  const client = new Client({ name: 'bench', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command: process.execPath, args: [cli, 'mcp'], cwd: folder, stderr: 'ignore' }));
  return client;
}

export async function mcpFigures(text: string, rounds = 7) {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'dm-bench-mcp-'));
  try {
    const document = path.join(folder, 'data-model.md');
    writeFileSync(document, text);

    const starts: number[] = [];
    const bareNode: number[] = [];
    for (let round = 0; round < rounds + 1; round++) {
      let client: Client | undefined;
      const start = await timeAsync(async () => (client = await connect(folder)));
      await client!.close();
      const bare = await timeAsync(async () => spawnSync(process.execPath, ['-e', '0']));
      if (round > 0) {
        starts.push(start);
        bareNode.push(bare);
      }
    }

    const client = await connect(folder);
    const viaMcp: number[] = [];
    const viaCli: number[] = [];
    let findings = 0;
    try {
      for (let round = 0; round < rounds + 2; round++) {
        const mcp = await timeAsync(async () => {
          const result = (await client.callTool({ name: 'lint', arguments: { path: 'data-model.md' } })) as { structuredContent?: { findings: unknown[] } };
          findings = result.structuredContent?.findings.length ?? -1;
        });
        const direct = await timeAsync(() => main(['lint', document, '--format', 'json'], discard(), discard()));
        if (round >= 2) {
          viaMcp.push(mcp);
          viaCli.push(direct);
        }
      }
    } finally {
      await client.close();
    }
    const start = median(starts);
    const bare = median(bareNode);
    const mcpLint = median(viaMcp);
    const cliLint = median(viaCli);
    return {
      runs: rounds,
      startMs: ms(start),
      bareNodeStartMs: ms(bare),
      lint: { findings, mcpMs: ms(mcpLint), cliMs: ms(cliLint), ratioToCli: ratio(mcpLint, cliLint) },
      targets: {
        startUnder300ms: start < 300,
        lintWithin1_2xOfCli: mcpLint <= 1.2 * cliLint,
      },
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
