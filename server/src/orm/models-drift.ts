/**
 * Drift between a data-model document and SQLAlchemy models: the schema the models create
 * (`models-schema.ts`) compared with the document by the database drift's own comparison
 * (`postgres/drift.ts`), so both kinds of drift read alike and land on the same lines.
 * Access control is not compared: models carry no grants or policies.
 */
import { readMarkdown } from '../markdown/reader';
import type { DataModel, Problem } from '../model/types';
import type { Database } from '../postgres/database';
import { diff } from '../postgres/drift';
import { modelsSchema, type ModelsSchemaOptions } from './models-schema';
import type { PythonWithSqlAlchemy } from './python-environment';

export interface ModelsDrift {
  problems: Problem[];
  tables: number;
  python: PythonWithSqlAlchemy;
}

export async function compareWithModels(text: string, modelsFile: string, url: string, db: Database, options: ModelsSchemaOptions = {}): Promise<ModelsDrift> {
  const read = readMarkdown(text);
  const { model, python } = await modelsSchema(modelsFile, url, db, options);
  const withoutAccess = (m: DataModel): DataModel => ({ ...m, roles: [], security: [] });
  const problems = diff(withoutAccess(read.model), withoutAccess(model), { lines: text.replace(/\r\n?/g, '\n').split('\n') }).map((problem) => ({
    ...problem,
    // The comparison's words are a database's; here the other side is the models.
    message: problem.message
      .replace(/\bthe database has\b/g, 'the models have')
      .replace(/\bthe database's\b/g, "the models'").replace(/\bthe database\b/g, 'the models'),
  }));
  problems.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  return { problems, tables: read.model.entities.length, python };
}
