/**
 * Finding a Python that has SQLAlchemy, and running a script with it.
 *
 * Looked for in this order: `$DATA_MODEL_PYTHON` (when set, only it), then `python3` on the
 * PATH, then `/usr/bin/python3` (Debian's, where `apt install python3-sqlalchemy` puts it).
 * The first that imports `sqlalchemy` is used; when none does, the error says what each one
 * lacked and how to fix it, never a Python traceback.
 */
import { execFile } from 'node:child_process';

export const PYTHON_ENV = 'DATA_MODEL_PYTHON';

export interface PythonWithSqlAlchemy {
  executable: string;
  sqlalchemyVersion: string;
  /** asyncpg's version, or undefined when this Python lacks it. */
  asyncpgVersion?: string;
}

/** Python or SQLAlchemy is missing: the message says what was tried and what to install. */
export class PythonUnavailable extends Error {}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  /** The executable could not be started (ENOENT). */
  missing: boolean;
}

export function runPython(executable: string, args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Promise<Run> {
  return new Promise((resolve) => {
    const child = execFile(
      executable,
      args,
      { env: options.env ?? process.env, timeout: options.timeoutMs ?? 120_000, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = (error as NodeJS.ErrnoException | null)?.code;
        resolve({
          code: error ? (typeof (error as { code?: unknown }).code === 'number' ? ((error as { code: number }).code) : null) : 0,
          stdout,
          stderr,
          missing: code === 'ENOENT' || code === 'EACCES',
        });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

const PROBE = `
import json
result = {}
try:
    import sqlalchemy
    result['sqlalchemy'] = sqlalchemy.__version__
except Exception as error:
    result['error'] = '%s: %s' % (type(error).__name__, error)
try:
    import asyncpg
    result['asyncpg'] = asyncpg.__version__
except Exception:
    pass
print(json.dumps(result))
`;

export function pythonCandidates(env: NodeJS.ProcessEnv = process.env): string[] {
  const chosen = env[PYTHON_ENV]?.trim();
  return chosen ? [chosen] : ['python3', '/usr/bin/python3'];
}

/** Found once per process and environment: asking Python costs an interpreter start and an import. */
const found = new Map<string, Promise<PythonWithSqlAlchemy>>();

export function findPythonWithSqlAlchemy(env: NodeJS.ProcessEnv = process.env): Promise<PythonWithSqlAlchemy> {
  const key = `${env[PYTHON_ENV] ?? ''}\u0000${env.PATH ?? ''}`;
  let search = found.get(key);
  if (!search) {
    search = searchPython(env);
    // A failure is not remembered: the user may install SQLAlchemy and try again.
    search.catch(() => found.delete(key));
    found.set(key, search);
  }
  return search;
}

async function searchPython(env: NodeJS.ProcessEnv): Promise<PythonWithSqlAlchemy> {
  const tried: string[] = [];
  for (const executable of pythonCandidates(env)) {
    const run = await runPython(executable, ['-c', PROBE], { env, timeoutMs: 30_000 });
    if (run.missing) {
      tried.push(`${executable}: not found`);
      continue;
    }
    let probe: { sqlalchemy?: string; asyncpg?: string; error?: string } = {};
    try {
      probe = JSON.parse(run.stdout.trim().split('\n').pop() ?? '{}');
    } catch {
      tried.push(`${executable}: did not run (${firstLine(run.stderr) || `exit ${run.code}`})`);
      continue;
    }
    if (probe.sqlalchemy) return { executable, sqlalchemyVersion: probe.sqlalchemy, asyncpgVersion: probe.asyncpg };
    tried.push(`${executable}: no SQLAlchemy (${probe.error ?? 'import failed'})`);
  }
  const how = env[PYTHON_ENV]?.trim()
    ? `Install SQLAlchemy and asyncpg in that Python (pip install sqlalchemy asyncpg), or point ${PYTHON_ENV} at a Python that has them.`
    : `Install them (pip install sqlalchemy asyncpg, or apt install python3-sqlalchemy python3-asyncpg), or set ${PYTHON_ENV} to a Python that has them.`;
  throw new PythonUnavailable(`No Python with SQLAlchemy was found (tried ${tried.join('; ')}). ${how}`);
}

export function firstLine(text: string): string {
  return text.trim().split('\n').filter((l) => l.trim() !== '').pop()?.trim() ?? '';
}
