import * as path from 'node:path';
import { writeFileSync } from 'node:fs';
import { loadSqlParser } from './server/src/markdown/sql-fences';
import { readMarkdown } from './server/src/markdown/reader';
import { writeMarkdown } from './server/src/markdown/writer';
import { introspect } from './server/src/postgres/introspect';
import { exportSqlAlchemyModels } from './server/src/orm/sqlalchemy-models';
import { modelsSchema } from './server/src/orm/models-schema';
import { loadSqlFile, SCHEMAS, scratchDatabase } from './test/postgres/roundtrip-databases';
(async () => {
  await loadSqlParser();
  const file = process.argv[2]!;
  const source = await scratchDatabase();
  try {
    await loadSqlFile(source.url, path.join(SCHEMAS, file));
    const { model } = await introspect(source.db, { domain: 'x', date: '2025-01-01' });
    const md = writeMarkdown(model);
    writeFileSync(`/tmp/orm-work/${file}.md`, md);
    const read = readMarkdown(md);
    for (const style of ['classic', 'typed'] as const) {
      const ex = exportSqlAlchemyModels(read.model, { style });
      console.log(style, ex.problems.map((p) => p.message));
      writeFileSync(`/tmp/orm-work/${file}.${style}.py`, ex.python);
    }
    try {
      const r = await modelsSchema(`/tmp/orm-work/${file}.classic.py`, source.url, source.db);
      console.log('OK', r.model.entities.length);
    } catch (e) { console.log('ERR', (e as Error).message); }
  } finally { await source.drop(); }
})();
