/**
 * The schema SQLAlchemy models create, read back as a DataModel: the models' `metadata.create_all`
 * runs (Python, through asyncpg) into scratch schemas of the database, `introspect` reads them, and
 * the scratch schemas are dropped, whatever happened. Names are then given back their own schemas,
 * so the result compares with the document as a live database does (`postgres/drift.ts`).
 *
 * The scratch schemas are `orm_scratch_<random>_<n>`: `_0` stands for the default schema (the
 * models' tables without a schema, and the search_path while they are created, so the domains and
 * the updated_at function land there too), `_1`… for each schema the models name, through
 * SQLAlchemy's `schema_translate_map`. Nothing outside them is created or changed.
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { DataModel } from '../model/types';
import type { Database } from '../postgres/database';
import { introspect } from '../postgres/introspect';
import { quoteIdent } from '../sql/quote';
import { findPythonWithSqlAlchemy, firstLine, PythonUnavailable, runPython, type PythonWithSqlAlchemy } from './python-environment';

export const SCRATCH_PREFIX = 'orm_scratch_';

/** A problem with the models themselves (they do not import, or create_all fails), located when possible. */
export class ModelsError extends Error {
  constructor(
    message: string,
    /** 1-based line of models.py, when Python said where. */
    readonly line?: number,
  ) {
    super(message);
  }
}

export interface ModelsSchema {
  model: DataModel;
  python: PythonWithSqlAlchemy;
}

export interface ModelsSchemaOptions {
  env?: NodeJS.ProcessEnv;
  onProgress?: (message: string) => void;
}

/**
 * `url` is the database's connection URL (postgres://…), the one `db` connects to: Python needs
 * it to connect itself; it is passed in the environment, never on a command line.
 */
export async function modelsSchema(modelsFile: string, url: string, db: Database, options: ModelsSchemaOptions = {}): Promise<ModelsSchema> {
  const env = options.env ?? process.env;
  const python = await findPythonWithSqlAlchemy(env);
  if (!python.asyncpgVersion) {
    throw new PythonUnavailable(`${python.executable} has SQLAlchemy ${python.sqlalchemyVersion} but not asyncpg, which the models' async engine needs: install it (pip install asyncpg, or apt install python3-asyncpg).`);
  }
  const prefix = `${SCRATCH_PREFIX}${randomBytes(6).toString('hex')}`;
  options.onProgress?.(`creating the models' tables with ${python.executable} (SQLAlchemy ${python.sqlalchemyVersion}) in scratch schemas ${prefix}_*…`);
  try {
    const run = await runPython(python.executable, ['-c', CREATE_ALL, path.resolve(modelsFile)], {
      env: { ...env, DATA_MODEL_ORM_URL: asyncpgUrl(url), DATA_MODEL_ORM_PREFIX: prefix, PYTHONDONTWRITEBYTECODE: '1' },
    });
    const outcome = lastJson(run.stdout);
    if (!outcome) throw new ModelsError(`Python stopped before creating the models' tables: ${firstLine(run.stderr) || `exit ${run.code}`}`);
    if (outcome.error) throw modelsError(outcome, python, modelsFile);
    const schemas = outcome.schemas ?? {};
    options.onProgress?.('reading the tables the models created…');
    const { model } = await introspect(db, { schemas: Object.values(schemas) });
    return { model: unscratch(model, schemas), python };
  } finally {
    await dropScratchSchemas(db, prefix);
  }
}

interface Outcome {
  schemas?: Record<string, string>;
  error?: 'import' | 'models' | 'create';
  message?: string;
  line?: number;
  version?: string;
}

function lastJson(stdout: string): Outcome | undefined {
  const line = stdout.trim().split('\n').pop();
  try {
    return line ? (JSON.parse(line) as Outcome) : undefined;
  } catch {
    return undefined;
  }
}

function modelsError(outcome: Outcome, python: PythonWithSqlAlchemy, modelsFile: string): Error {
  const message = outcome.message ?? 'unknown error';
  if (outcome.error === 'import' && /^1\./.test(python.sqlalchemyVersion) && /DeclarativeBase|mapped_column|Mapped\b/.test(message)) {
    return new PythonUnavailable(
      `${modelsFile} uses SQLAlchemy 2's typed API (DeclarativeBase, Mapped, mapped_column), but ${python.executable} has SQLAlchemy ${python.sqlalchemyVersion}: install SQLAlchemy 2, or export the models with --style classic (runs on 1.4).`,
    );
  }
  if (outcome.error === 'import') return new PythonUnavailable(`${modelsFile} needs a module ${python.executable} lacks: ${message}`);
  if (outcome.error === 'create') return new ModelsError(`create_all of ${modelsFile} failed: ${message}`);
  return new ModelsError(`${modelsFile}${outcome.line ? `:${outcome.line}` : ''}: ${message}`, outcome.line);
}

/** `postgres://…` → `postgresql+asyncpg://…`; libpq's `sslmode` becomes asyncpg's `ssl`, other libpq parameters are left out. */
export function asyncpgUrl(url: string): string {
  const parsed = new URL(url);
  const sslmode = parsed.searchParams.get('sslmode');
  const result = new URL(`postgresql+asyncpg://${parsed.host}${parsed.pathname}`);
  result.username = parsed.username;
  result.password = parsed.password;
  if (sslmode) result.searchParams.set('ssl', sslmode);
  return result.toString();
}

/** Scratch schema names → the models' own: `<prefix>_0.users` → `users`, `<prefix>_1.products` → `inventory.products`. */
function unscratch(model: DataModel, schemas: Record<string, string>): DataModel {
  const pairs = Object.entries(schemas).map(([original, scratch]) => [`${scratch}.`, original === '' ? '' : `${original}.`] as const);
  // Every string of the model (names, types, defaults, expressions), rewritten in place of a copy.
  const rename = (value: unknown): unknown => {
    if (typeof value === 'string') return pairs.reduce((text, [from, to]) => text.split(from).join(to), value);
    if (Array.isArray(value)) return value.map(rename);
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [rename(k), rename(v)]));
    return value;
  };
  return rename(model) as DataModel;
}

async function dropScratchSchemas(db: Database, prefix: string): Promise<void> {
  const rows = await db.query<{ nspname: string }>(`SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, [prefix]);
  for (const row of rows) await db.exec(`DROP SCHEMA ${quoteIdent(row.nspname)} CASCADE`);
}

/**
 * Imports models.py (argv[1]) and runs its metadata's create_all through asyncpg into scratch
 * schemas; prints one JSON line: the schema map, or what went wrong.
 */
const CREATE_ALL = String.raw`
import asyncio, importlib.util, json, os, sys, traceback

def report(**fields):
    sys.stdout.write('\n' + json.dumps(fields) + '\n')

def summary(error):
    text = '%s: %s' % (type(error).__name__, error)
    text = text.split('\n[SQL:')[0].split('\n(Background on')[0]
    return ' '.join(text.split())

def find_metadata(module):
    import sqlalchemy as sa
    base = getattr(module, 'Base', None)
    if isinstance(getattr(base, 'metadata', None), sa.MetaData):
        return base.metadata
    if isinstance(getattr(module, 'metadata', None), sa.MetaData):
        return module.metadata
    for value in vars(module).values():
        if isinstance(value, sa.MetaData):
            return value
        if isinstance(getattr(value, 'metadata', None), sa.MetaData):
            return value.metadata
    return None

def main():
    path = os.path.abspath(sys.argv[1])
    prefix = os.environ['DATA_MODEL_ORM_PREFIX']
    url = os.environ['DATA_MODEL_ORM_URL']
    import sqlalchemy as sa
    from sqlalchemy.ext.asyncio import create_async_engine
    sys.path.insert(0, os.path.dirname(path))
    spec = importlib.util.spec_from_file_location('data_model_orm_models', path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except ImportError as error:
        return report(error='import', message=summary(error))
    except BaseException as error:
        frames = [f for f in traceback.extract_tb(error.__traceback__) if os.path.abspath(f.filename) == path]
        return report(error='models', message=summary(error), line=frames[-1].lineno if frames else None)
    metadata = find_metadata(module)
    if metadata is None:
        return report(error='models', message='no SQLAlchemy MetaData found (a declarative Base, or a metadata variable)')
    named = set(t.schema for t in metadata.tables.values() if t.schema is not None)
    translate = {None: prefix + '_0'}
    for n, schema in enumerate(sorted(named), 1):
        translate[schema] = '%s_%d' % (prefix, n)

    async def create():
        engine = create_async_engine(url)
        try:
            async with engine.begin() as connection:
                for scratch in translate.values():
                    await connection.exec_driver_sql('CREATE SCHEMA "%s"' % scratch)
                await connection.exec_driver_sql('SET LOCAL search_path TO "%s"' % translate[None])
                connection = await connection.execution_options(schema_translate_map=translate)
                await connection.run_sync(metadata.create_all)
        finally:
            await engine.dispose()

    try:
        asyncio.run(create())
    except BaseException as error:
        return report(error='create', message=summary(error))
    report(schemas=dict(('' if k is None else k, v) for k, v in translate.items()))

main()
`;
