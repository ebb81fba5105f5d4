import { readdirSync, readFileSync } from 'node:fs';
import { loadSqlParser } from './server/src/markdown/sql-fences';
import { readMarkdown } from './server/src/markdown/reader';
import { compileDdl } from './server/src/sql/ddl';
import { exportSqlAlchemyModels } from './server/src/orm/sqlalchemy-models';
(async () => {
  await loadSqlParser();
  for (const f of readdirSync('test/fixtures/rules').filter((f) => f.endsWith('.md'))) {
    const m = readMarkdown(readFileSync('test/fixtures/rules/' + f, 'utf8')).model;
    const c = compileDdl(m);
    const e = exportSqlAlchemyModels(m);
    if (c.refused !== e.refused) console.log(f, c.problems.map((p) => p.message), e.problems.map((p) => p.message));
  }
})();
