/**
 * The language server's `dataModel/migrate`: the editor's text against the version of the same
 * file in git (HEAD by default), as SQL. The same planning and rendering as the CLI's `migrate`
 * (migrate/); the client asks the rename questions and opens the result, never writing a file.
 */
import * as path from 'node:path';
import { migrateModels, readVersion, renderMigration } from '../migrate';
import { GitVersionError, readAtRevision } from '../migrate/git-version';
import type { MigrateParams, MigrateResponse } from './protocol';
import { UserFacingError } from './database-requests';

export async function migrateRequest(params: MigrateParams): Promise<MigrateResponse> {
  const revision = params.revision ?? 'HEAD';
  let oldText: string | undefined;
  try {
    oldText = await readAtRevision(params.path, revision);
  } catch (error) {
    if (error instanceof GitVersionError) throw new UserFacingError(error.message);
    throw error;
  }
  const from = `${path.basename(params.path)} at ${revision}${oldText === undefined ? ' (not there: every table is created)' : ''}`;
  const next = readVersion(params.text);
  const old = readVersion(oldText);
  const readErrors = next.problems.filter((p) => p.severity === 'error' && p.code !== 'DM002' && p.code !== 'DM003');
  if (readErrors.length > 0) return { sql: '', from, renameCandidates: [], dataLoss: [], warnings: [], problems: readErrors, refused: true };
  const { up } = migrateModels(old.model, next.model, { renames: 'detect', decisions: params.decisions });
  const sql = up.refused ? '' : renderMigration({ up }, 'sql', { title: `${from} → ${path.basename(params.path)}` }).up;
  return { sql, from, renameCandidates: up.renameCandidates, dataLoss: up.dataLoss, warnings: up.warnings, problems: up.problems, refused: up.refused };
}
