/** The Audit Trail's column definitions (`updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()`) as table rows. */

export interface AuditColumn {
  name: string;
  type: string;
  nullable: boolean;
  default?: string;
}

const CONSTRAINT_WORDS = /\s+(NOT\s+NULL|NULL|DEFAULT|PRIMARY\s+KEY|REFERENCES|CHECK|UNIQUE|CONSTRAINT|GENERATED|COLLATE)\b/i;

export function parseAuditColumn(definition: string): AuditColumn | undefined {
  const text = definition.trim().replace(/[,;]\s*$/, '');
  const match = /^"?([A-Za-z_][\w$]*)"?\s+(.+)$/.exec(text);
  if (!match) return undefined;
  const rest = match[2];
  const cut = CONSTRAINT_WORDS.exec(rest);
  const type = (cut ? rest.slice(0, cut.index) : rest).trim();
  const defaultMatch = /\bDEFAULT\s+(.+?)(\s+(NOT\s+NULL|NULL|PRIMARY|REFERENCES|CHECK|UNIQUE|CONSTRAINT)\b.*)?$/i.exec(rest);
  return { name: match[1], type, nullable: !/\bNOT\s+NULL\b/i.test(rest), default: defaultMatch?.[1].trim() };
}

const DESCRIPTIONS: Record<string, string> = {
  created_at: 'Creation time',
  updated_at: 'Last update time',
  deleted_at: 'Deletion time (soft delete)',
  created_by: 'Who created the row',
  updated_by: 'Who last updated the row',
};

/** The definition-table row for an audit column: `| updated_at | TIMESTAMPTZ | No | NOW() | Last update time |`. */
export function auditRowCells(column: AuditColumn): string[] {
  return [column.name, column.type, column.nullable ? 'Yes' : 'No', column.default ?? '—', DESCRIPTIONS[column.name] ?? ''];
}
