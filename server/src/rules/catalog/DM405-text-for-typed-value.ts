import type { SourceRange } from '../../model/types';
import { mermaidTypeFor } from '../../mermaid/diagram';
import { rangeOf } from '../../model/util';
import { findAttribute, findDiagramEntity, namedColumns, typeRange } from '../model-queries';
import { namedMeaning, type NamedMeaning } from '../name-meaning';
import { parseType } from '../postgres-types';
import type { Finding, Rule, TextEdit } from '../types';

/** Character types (not JSON or BYTEA, whose names mean something else). */
const TEXT_TYPES = new Set(['TEXT', 'VARCHAR', 'CHAR', 'CITEXT']);

/** The type a name's meaning asks for, and the words for the message. */
const RIGHT_TYPE: Record<NamedMeaning, { type: string; what: string }> = {
  timestamp: { type: 'TIMESTAMPTZ', what: 'a point in time' },
  date: { type: 'DATE', what: 'a calendar day' },
  count: { type: 'INTEGER', what: 'a count' },
  amount: { type: 'NUMERIC(12,2)', what: 'an amount' },
};

/**
 * `starts_at TEXT`, `seat_count TEXT`, `total_amount VARCHAR(32)`: stored as text, a time cannot be
 * compared or indexed by order ('9:00' sorts after '10:00'), a count cannot be summed, and any
 * string is accepted ('soon', 'n/a'). Usually a draft's default type that nobody revisited.
 */
export const textForTypedValue: Rule = {
  id: 'DM405',
  alias: 'text-for-typed-value',
  defaultSeverity: 'warning',
  quickFix: 'always',
  description: 'A text column whose name says it holds a time, a date, a count or an amount.',
  check({ model, lines }) {
    const findings: Finding[] = [];
    for (const entity of model.entities) {
      const drawn = findDiagramEntity(model, entity.name);
      for (const column of namedColumns(entity)) {
        const parsed = parseType(column.type);
        if (!TEXT_TYPES.has(parsed.base) || parsed.array || column.primaryKey || column.foreignKey) continue;
        const meaning = namedMeaning(column.name);
        if (!meaning) continue;
        const { type: replacement, what } = RIGHT_TYPE[meaning];
        const range = typeRange(lines, column);
        const edits: TextEdit[] = [{ range, newText: replacement }];
        // Redraw the attribute too, so the fix does not trade this finding for a DM103 type mismatch.
        const attribute = drawn ? findAttribute(drawn, column.name) : undefined;
        const attributeType = attribute?.range ? attributeTypeRange(lines, attribute.range) : undefined;
        if (attributeType) edits.push({ range: attributeType, newText: mermaidTypeFor(replacement) });
        findings.push({
          ruleId: 'DM405',
          message: `${entity.name}.${column.name} is named as ${what} but stored as ${column.type.trim()}: use ${replacement}, so the database sorts, compares and checks it.`,
          range,
          fix: column.range ? { title: `Change the type to ${replacement}`, edits } : undefined,
        });
      }
    }
    return findings;
  },
};

/** The type word that starts an attribute line (`string starts_at`), when the line has one. */
function attributeTypeRange(lines: readonly string[], range: SourceRange): SourceRange | undefined {
  const line = lines[range.start.line] ?? '';
  const match = /^(\s*)(\S+)\s+\S/.exec(line);
  if (!match) return undefined;
  return rangeOf(range.start.line, match[1].length, range.start.line, match[1].length + match[2].length);
}
