/**
 * Keeping `updated_at` current (the Audit Trail's "use a PostgreSQL trigger"): one trigger
 * function for the whole schema and a BEFORE UPDATE trigger on every table that has an
 * `updated_at` column. Tables without the column get no trigger: the compiler builds what the
 * tables declare, and the linter is the one to say a table lacks the audit columns.
 */
import type { DataModel } from '../model/types';
import { dollarQuote, quoteIdent, quoteQualifiedIdent } from './quote';
import type { DdlStatement } from './statements';

export const UPDATED_AT_FUNCTION = 'set_updated_at';

export function updatedAtTriggerStatements(model: DataModel): DdlStatement[] {
  const tables = model.entities.filter((e) => e.columns.some((c) => c.name === 'updated_at'));
  if (tables.length === 0) return [];
  const statements: DdlStatement[] = [
    {
      sql:
        `CREATE OR REPLACE FUNCTION ${UPDATED_AT_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS ` +
        dollarQuote('\nBEGIN\n  NEW.updated_at := now();\n  RETURN NEW;\nEND\n'),
      range: model.audit.range,
      what: `function ${UPDATED_AT_FUNCTION}`,
      needs: [],
      expect: { kind: 'CreateFunctionStmt', target: UPDATED_AT_FUNCTION },
    },
  ];
  for (const table of tables) {
    const column = table.columns.find((c) => c.name === 'updated_at');
    statements.push({
      sql:
        `CREATE TRIGGER ${quoteIdent(updatedAtTriggerName(table.name))} BEFORE UPDATE ON ${quoteQualifiedIdent(table.name)} ` +
        `FOR EACH ROW EXECUTE FUNCTION ${UPDATED_AT_FUNCTION}()`,
      range: column?.range ?? table.headingRange ?? table.range,
      what: `updated_at trigger on ${table.name}`,
      needs: [table.name],
      expect: { kind: 'CreateTrigStmt', target: table.name },
    });
  }
  return statements;
}

/** The trigger's name on a table: `<table>_set_updated_at`, without the table's schema. */
export function updatedAtTriggerName(table: string): string {
  return `${table.replace(/^.*\./, '')}_set_updated_at`;
}
