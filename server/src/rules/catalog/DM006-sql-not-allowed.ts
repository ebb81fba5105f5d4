import type { Entity } from '../../model/types';
import { PARTITION_OF_PREFIX, PARTITIONED_BY_PREFIX } from '../../markdown/vocabulary';
import { documentFragments, guardEnvironment, guardFragment, refusalMessage, type DocumentFragment } from '../../sql/document-fragments';
import { cellOf, DOCUMENT_START, rangeOrStart, wholeLine } from '../document';
import { COLUMN_CELL, entityAnchor, typeRange } from '../model-queries';
import type { Finding, Rule } from '../types';
import type { SourceRange } from '../../model/types';

/** The Columns cell of an index row: | Index Name | Table | Columns | Type | Purpose |. */
const INDEX_COLUMNS_CELL = 2;

/**
 * SQL the document writes itself (a type, a default, a CHECK, an index expression or predicate,
 * a partition key or bound, a domain) that the compiler refuses to place in a statement: not one
 * element of its kind, or calling something a data model has no business calling. The same
 * guard decides in the compiler, so a document this rule flags is refused by Export SQL and by
 * validation whatever the rule's configured level.
 */
export const sqlNotAllowed: Rule = {
  id: 'DM006',
  alias: 'sql-not-allowed',
  defaultSeverity: 'error',
  description: 'SQL written in the document (a type, default, check, index expression, partition bound) that is not one allowed expression.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    let env: ReturnType<typeof guardEnvironment> | undefined;
    for (const fragment of documentFragments(model)) {
      env ??= guardEnvironment(model);
      const verdict = guardFragment(fragment, env);
      if (verdict.reason === undefined) continue;
      findings.push({ ruleId: 'DM006', message: refusalMessage(fragment, verdict.reason), range: rangeOfFragment(fragment, lines) });
    }
    return findings;
  },
};

function rangeOfFragment(fragment: DocumentFragment, lines: readonly string[]): SourceRange {
  switch (fragment.kind) {
    case 'column-type':
      return typeRange(lines, fragment.column);
    case 'column-default':
      return cellOf(lines, fragment.column, COLUMN_CELL.default);
    case 'check':
      return rangeOrStart(fragment.check);
    case 'domain':
      return rangeOrStart(fragment.domain);
    case 'index-expression':
    case 'index-predicate':
      return cellOf(lines, fragment.index, INDEX_COLUMNS_CELL);
    case 'partition-key':
      return paragraphOf(fragment.entity, PARTITIONED_BY_PREFIX, lines);
    case 'partition-bound':
      return paragraphOf(fragment.entity, PARTITION_OF_PREFIX, lines);
  }
}

/** The `**Partitioned by**:` / `**Partition of**:` line under the table's heading, else the heading. */
function paragraphOf(entity: Entity, prefix: string, lines: readonly string[]): SourceRange {
  const anchor = entityAnchor(entity);
  if (anchor === DOCUMENT_START) return anchor;
  for (let line = anchor.start.line + 1; line < lines.length && !/^#/.test(lines[line]!); line++) {
    if (lines[line]!.startsWith(prefix)) return wholeLine(lines, line);
  }
  return anchor;
}
