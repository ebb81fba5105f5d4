/** The `dataModel/orm` request: the document as SQLAlchemy models (see `orm/sqlalchemy-models.ts`). */
import { readMarkdown } from '../markdown/reader';
import { exportSqlAlchemyModels } from '../orm/sqlalchemy-models';
import type { OrmParams, OrmResponse } from './protocol';

export function exportModels(params: OrmParams): OrmResponse {
  const { model } = readMarkdown(params.text);
  const exported = exportSqlAlchemyModels(model, { style: params.style === 'classic' ? 'classic' : 'typed', source: params.source });
  return { python: exported.python, tables: exported.tables, problems: exported.problems, refused: exported.refused };
}
