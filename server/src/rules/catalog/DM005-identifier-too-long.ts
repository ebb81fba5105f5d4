import type { SourceRange } from '../../model/types';
import { rangeOf } from '../../model/util';
import { cellOf, rangeOrStart } from '../document';
import { COLUMN_CELL, entityAnchor, namedColumns } from '../model-queries';
import { bytes, MAX_IDENTIFIER_BYTES, shortenedIdentifier, truncateIdentifier } from '../identifier-length';
import type { Finding, Rule, TextEdit } from '../types';

interface Named {
  /** What the name is, for the message: `table`, `column of users`, `index`. */
  kind: string;
  /** How the message names it: `column users.email`. */
  label: string;
  name: string;
  /** Names that must differ after truncation share a namespace: relations per schema, columns and constraints per table. */
  namespace: string;
  range: SourceRange;
  /** Where the name itself is written, when renaming it there alone renames it everywhere (indexes and constraints are named once). */
  renameAt?: SourceRange;
}

/**
 * PostgreSQL truncates an identifier longer than 63 bytes with only a NOTICE, so the table the
 * application asks for by its full name does not exist, and two names sharing their first 63
 * bytes become one: the second CREATE fails, or a constraint silently replaces another's name.
 */
export const identifierTooLong: Rule = {
  id: 'DM005',
  alias: 'identifier-too-long',
  defaultSeverity: 'warning',
  quickFix: 'sometimes',
  description: 'A table, column, index, constraint or type name longer than 63 bytes, which PostgreSQL truncates.',
  check({ model, lines }) {
    const names: Named[] = [];
    const schemaOf = (qualified: string) => (qualified.includes('.') ? qualified.slice(0, qualified.lastIndexOf('.')) : 'public').toLowerCase();
    const bare = (qualified: string) => qualified.slice(qualified.lastIndexOf('.') + 1);
    for (const entity of model.entities) {
      names.push({ kind: 'table', label: `table ${entity.name}`, name: bare(entity.name), namespace: `relation:${schemaOf(entity.name)}`, range: entityAnchor(entity) });
      for (const column of namedColumns(entity)) {
        names.push({ kind: 'column', label: `column ${entity.name}.${column.name.trim()}`, name: column.name.trim(), namespace: `column:${entity.name.toLowerCase()}`, range: cellOf(lines, column, COLUMN_CELL.name) });
      }
    }
    for (const index of model.indexes) {
      const cell = cellOf(lines, index, 0);
      names.push({ kind: 'index', label: `index ${index.name}`, name: index.name, namespace: `relation:${schemaOf(index.table)}`, range: index.range ? cell : rangeOrStart(index), renameAt: index.range ? cell : undefined });
    }
    // Names inside sql fences come from PostgreSQL's own parser, which has already cut them to 63
    // bytes: the name as written is read back from the text.
    for (const constraint of [...model.foreignKeys, ...model.checks]) {
      const written = writtenName(lines, constraint.range, constraint.name);
      names.push({ kind: 'constraint', label: `constraint ${written?.name ?? constraint.name}`, name: written?.name ?? constraint.name, namespace: `constraint:${constraint.table.toLowerCase()}`, range: written?.range ?? rangeOrStart(constraint), renameAt: written?.range });
    }
    for (const type of [...(model.enums ?? []), ...(model.domains ?? [])]) {
      const written = writtenName(lines, type.range, bare(type.name));
      const name = written?.name ?? bare(type.name);
      names.push({ kind: 'type', label: `type ${name}`, name, namespace: `type:${schemaOf(type.name)}`, range: written?.range ?? rangeOrStart(type), renameAt: written?.range });
    }

    const byNamespace = new Map<string, Named[]>();
    for (const named of names) {
      if (named.name === '') continue;
      const group = byNamespace.get(named.namespace);
      if (group) group.push(named);
      else byNamespace.set(named.namespace, [named]);
    }
    const findings: Finding[] = [];
    for (const group of byNamespace.values()) {
      const taken = new Set(group.map((named) => truncateIdentifier(named.name).toLowerCase()));
      for (const named of group) {
        const size = bytes(named.name);
        if (size <= MAX_IDENTIFIER_BYTES) continue;
        const kept = truncateIdentifier(named.name);
        const twins = group.filter((other) => other !== named && truncateIdentifier(other.name).toLowerCase() === kept.toLowerCase());
        const collision = twins.length
          ? ` It then collides with the ${twins[0].label}, which has the same first 63 bytes.`
          : '';
        let fix: Finding['fix'];
        if (named.renameAt) {
          const shorter = shortenedIdentifier(named.name, taken);
          taken.add(shorter.toLowerCase());
          const edits: TextEdit[] = [{ range: named.renameAt, newText: shorter }];
          fix = { title: `Rename to ${shorter}`, edits };
        }
        findings.push({
          ruleId: 'DM005',
          message: `The ${named.label} is ${size} bytes: PostgreSQL silently truncates it to ${kept} (63 bytes).${collision} Shorten it.`,
          range: named.range,
          related: twins.filter((twin) => twin.range.start.line > 0 || twin.range.start.character > 0).map((twin) => ({ message: `the ${twin.label}`, range: twin.range })),
          fix,
        });
      }
    }
    return findings;
  },
};

/**
 * Where `name` is first written within `range`'s lines (as a word, quoted or not), and how: a
 * name of exactly 63 bytes may be the parser's truncation of a longer one written there.
 */
function writtenName(lines: readonly string[], range: SourceRange | undefined, name: string): { name: string; range: SourceRange } | undefined {
  if (!range || name === '') return undefined;
  const longer = bytes(name) === MAX_IDENTIFIER_BYTES ? '[\\w$]*' : '';
  const pattern = new RegExp(`(^|[^\\w$])("?)(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}${longer})\\2(?![\\w$])`, 'i');
  for (let line = range.start.line; line <= range.end.line && line < lines.length; line++) {
    const match = pattern.exec(lines[line]);
    if (!match) continue;
    const start = match.index + match[1].length + match[2].length;
    return { name: match[3], range: rangeOf(line, start, line, start + match[3].length) };
  }
  return undefined;
}
