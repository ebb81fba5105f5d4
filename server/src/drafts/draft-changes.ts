/**
 * The only thing a model may return: changes to the deterministic draft, as JSON checked
 * against this schema (zod, strict: unknown fields are refused), each carrying the spec phrase
 * that justifies it. Names are data: they reach SQL only through the compiler's quoting.
 */
import { z } from 'zod';

const name = z.string().trim().min(1).max(63);
/** The spec's words that call for the change, quoted exactly. */
const because = z.string().trim().min(3).max(400);
const accessLevel = z.enum(['none', 'read', 'read-own', 'write-own', 'full']);

const column = z.strictObject({
  name,
  type: z.string().trim().min(1).max(80),
  nullable: z.boolean().optional(),
  unique: z.boolean().optional(),
  description: z.string().max(400).optional(),
});

export const draftChange = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('add_table'), table: name, columns: z.array(column).max(100).default([]), description: z.string().max(400).optional(), because }),
  z.strictObject({ op: z.literal('rename_table'), from: name, to: name, because }),
  z.strictObject({ op: z.literal('add_column'), table: name, column, because }),
  z.strictObject({ op: z.literal('rename_column'), table: name, from: name, to: name, because }),
  z.strictObject({ op: z.literal('set_type'), table: name, column: name, type: z.string().trim().min(1).max(80), because }),
  z.strictObject({ op: z.literal('set_nullable'), table: name, column: name, nullable: z.boolean(), because }),
  z.strictObject({ op: z.literal('set_unique'), table: name, column: name, unique: z.boolean(), because }),
  z.strictObject({
    op: z.literal('add_relation'),
    table: name,
    column: name,
    references: name,
    onDelete: z.enum(['CASCADE', 'RESTRICT', 'SET NULL', 'NO ACTION']).optional(),
    because,
  }),
  z.strictObject({ op: z.literal('add_role'), role: name, because }),
  z.strictObject({ op: z.literal('set_access'), table: name, role: name, access: accessLevel, because }),
]);

export const draftChanges = z.strictObject({ changes: z.array(draftChange).max(200) });

export type DraftChange = z.infer<typeof draftChange>;

/** The schema as the prompt shows it to the model. */
export function changesJsonSchema(): unknown {
  return z.toJSONSchema(draftChanges, { io: 'input' });
}

export type ParsedChanges = { ok: true; changes: DraftChange[] } | { ok: false; error: string };

/** The model's answer → changes: the JSON may sit in a ```json fence or among prose; anything else is an error with its reason. */
export function parseChanges(answer: string): ParsedChanges {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(answer)?.[1];
  const open = answer.indexOf('{');
  const close = answer.lastIndexOf('}');
  if (fenced === undefined && open < 0) return { ok: false, error: 'the answer holds no JSON object' };
  // A cut-off answer (no closing brace) is given to the parser whole, which says where it ends.
  const candidate = fenced ?? answer.slice(open, close > open ? close + 1 : undefined);
  let json: unknown;
  try {
    json = JSON.parse(candidate);
  } catch (error) {
    return { ok: false, error: `the answer is not valid JSON (${(error as Error).message})` };
  }
  const checked = draftChanges.safeParse(json);
  if (!checked.success) return { ok: false, error: `the JSON does not match the change schema: ${z.prettifyError(checked.error).replace(/\n/g, '; ')}` };
  return { ok: true, changes: checked.data.changes };
}

/** One line per change for the summary shown to the user. */
export function describeChange(change: DraftChange): string {
  switch (change.op) {
    case 'add_table':
      return `add table ${change.table} (${change.columns.map((c) => c.name).join(', ') || 'no columns'})`;
    case 'rename_table':
      return `rename table ${change.from} to ${change.to}`;
    case 'add_column':
      return `add column ${change.table}.${change.column.name} ${change.column.type}`;
    case 'rename_column':
      return `rename column ${change.table}.${change.from} to ${change.to}`;
    case 'set_type':
      return `type of ${change.table}.${change.column}: ${change.type}`;
    case 'set_nullable':
      return `${change.table}.${change.column} ${change.nullable ? 'nullable' : 'NOT NULL'}`;
    case 'set_unique':
      return `${change.table}.${change.column} ${change.unique ? 'unique' : 'not unique'}`;
    case 'add_relation':
      return `relation ${change.table}.${change.column} → ${change.references}`;
    case 'add_role':
      return `add role ${change.role}`;
    case 'set_access':
      return `${change.role} on ${change.table}: ${change.access}`;
  }
}
