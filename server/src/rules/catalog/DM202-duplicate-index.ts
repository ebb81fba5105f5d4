import { indexesOf, type IndexLike } from '../index-coverage';
import { deleteLine } from '../edits';
import { firstLineOf } from '../document';
import type { Finding, Rule } from '../types';

const key = (column: string) => column.replace(/\s+/g, '').toLowerCase();

/** Whether `a`'s columns are equal to, or a leading prefix of, `b`'s. */
function prefixOf(a: IndexLike, b: IndexLike): boolean {
  return a.columns.length <= b.columns.length && a.columns.every((column, i) => key(column) === key(b.columns[i]));
}

/**
 * An index that another index already answers costs writes and space for nothing: every
 * B-tree on (a, b) also serves lookups on (a). Not redundant: a UNIQUE index under a wider
 * non-unique one (it enforces something), indexes of different methods, partial indexes
 * with different predicates.
 */
export const duplicateIndex: Rule = {
  id: 'DM202',
  alias: 'duplicate-index',
  defaultSeverity: 'warning',
  quickFix: 'always',
  description: 'An index is equal to, or a leading prefix of, another index.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    const tables = [...new Set(model.indexes.map((index) => index.table.toLowerCase()))];
    for (const table of tables) {
      const all = indexesOf(model, table);
      // Only an index with the same leading column can answer another's lookups: compare within
      // those groups (a table with thousands of indexes made comparing every pair quadratic).
      const groups = new Map<string, number[]>();
      all.forEach((index, i) => {
        const group = groups.get(key(index.columns[0] ?? ''));
        if (group) group.push(i);
        else groups.set(key(index.columns[0] ?? ''), [i]);
      });
      all.forEach((a, i) => {
        if (!a.source) return; // the primary key and UNIQUE columns are never the redundant one
        const candidates = a.columns.length === 0 ? all.map((_, j) => j) : (groups.get(key(a.columns[0]!)) ?? []);
        const j = candidates.find((j) => {
          const b = all[j]!;
          if (j === i || b.method !== a.method) return false;
          if ((a.source?.where ?? '').trim().toLowerCase() !== (b.source?.where ?? '').trim().toLowerCase()) return false;
          if (a.method !== 'BTREE' && a.columns.length !== b.columns.length) return false;
          if (!prefixOf(a, b)) return false;
          const equal = a.columns.length === b.columns.length;
          if (a.unique && !(b.unique && equal)) return false;
          // Two identical declared indexes: report the later one only.
          if (equal && b.source && j > i && b.unique === a.unique) return false;
          return true;
        });
        const other = j === undefined ? undefined : all[j];
        if (!other) return;
        const equal = a.columns.length === other.columns.length;
        findings.push({
          ruleId: 'DM202',
          message: `Index ${a.source.name} (${a.columns.join(', ')}) is ${equal ? 'the same as' : 'a leading prefix of'} ${other.label} (${other.columns.join(', ')}), which already serves its lookups.`,
          range: firstLineOf(lines, a.range),
          related: other.range ? [{ message: other.label, range: firstLineOf(lines, other.range) }] : undefined,
          fix: a.range ? { title: `Remove index ${a.source.name}`, edits: [deleteLine(lines, a.range.start.line)] } : undefined,
        });
      });
    }
    return findings;
  },
};
