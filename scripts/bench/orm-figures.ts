/**
 * SQLAlchemy model export of the 300-table document (issue 16: under 200 ms), beside compiling
 * the same model to SQL (which the export runs first, to refuse what the compiler refuses).
 */
import { exportSqlAlchemyModels } from '../../server/src/orm/sqlalchemy-models';
import { compileDdl } from '../../server/src/sql/ddl';
import type { DataModel } from '../../server/src/model/types';
import { interleaved, median, ms, ratio } from './stats';

export function ormFigures(model: DataModel, rounds = 9) {
  const first = exportSqlAlchemyModels(model, { style: 'typed' });
  if (first.refused || first.tables !== model.entities.length) throw new Error(`the 300-table model did not export: ${JSON.stringify(first.problems.slice(0, 3))}`);
  const samples = interleaved(
    {
      typed: () => exportSqlAlchemyModels(model, { style: 'typed' }),
      classic: () => exportSqlAlchemyModels(model, { style: 'classic' }),
      compileSql: () => compileDdl(model),
    },
    rounds,
  );
  const typed = median(samples.typed!);
  const classic = median(samples.classic!);
  const sql = median(samples.compileSql!);
  return {
    input: { tables: model.entities.length, foreignKeys: model.foreignKeys.length, indexes: model.indexes.length, pythonLines: first.python.split('\n').length },
    runs: rounds,
    exportTypedMs: ms(typed),
    exportClassicMs: ms(classic),
    compileSqlMs: ms(sql),
    ratioToCompileSql: ratio(typed, sql),
    targets: { under200ms: Math.max(typed, classic) < 200 },
  };
}
