/**
 * DataModel → data-model.md, in the layout of the reference document
 * (`label-suite-data-model.md`). Deterministic: the output depends only on the model, and
 * `readMarkdown(writeMarkdown(m))` gives `m` back (ranges aside) for every model whose
 * texts fit their places (see the limits listed in `writeMarkdown`).
 */
import type { CheckConstraint, DataModel, DomainType, Entity, EnumType, ForeignKey } from '../model/types';
import { emitErDiagram } from '../mermaid/emit';
import { quoteIdentifier, quoteQualifiedName } from './sql-identifiers';
import { formatDelimiterRow, formatRow } from './table-cells';
import {
  AUDIT_INTRO,
  CHECKS_TITLE,
  COLUMN_TABLE_HEADER,
  FOREIGN_KEYS_TITLE,
  GUIDELINE_TABLE_HEADER_START,
  HEADER_TITLE_PREFIX,
  INDEX_TABLE_HEADER,
  NO_DEFAULT,
  ROLE_ACCESS_SUFFIX,
  SECTION,
  SECURITY_NOTE_PREFIX,
  SECURITY_TABLE_FIXED_HEADER,
  PARTITIONED_BY_PREFIX,
  PARTITION_OF_PREFIX,
  TYPES_TITLE,
  formatIndexColumns,
  formatIndexType,
  formatTypeCell,
  ormTypeColumnTitle,
  sensitivityPrefix,
} from './vocabulary';

/**
 * Write a data model as Markdown.
 *
 * What does not survive a round trip (the format has no way to say it): leading or trailing
 * spaces and line breaks in table cells (cells are trimmed; breaks become spaces), a column
 * sensitivity of `Low` (written as nothing), a Default of `—`, `-` or the empty string
 * (all mean "no default"), blank lines inside a note, `"` in diagram labels and comments,
 * and role access cells that are empty (read back as absent).
 */
export function writeMarkdown(model: DataModel): string {
  const out: string[] = [];
  const blank = (): void => {
    out.push('');
  };
  const header = model.header;

  out.push(`# ${HEADER_TITLE_PREFIX} ${header.domain}`.trimEnd());
  // Two trailing spaces: Markdown hard breaks, so the lines render one below the other.
  out.push(`**Database**: ${header.database}  `);
  out.push(`**ORM**: ${header.orm}  `);
  out.push(`**Date**: ${header.date}  `);
  out.push(`**Spec Reference**: ${header.specReference}`.trimEnd());
  blank();
  out.push('---');
  blank();

  out.push(`## ${SECTION.diagram}`);
  blank();
  out.push('```mermaid', ...emitErDiagram(model.diagram), '```');
  blank();

  out.push(`## ${SECTION.entities}`);
  blank();
  for (const entity of model.entities) out.push(...entityLines(entity));

  out.push(`## ${SECTION.indexes}`);
  blank();
  out.push(formatRow(INDEX_TABLE_HEADER), formatDelimiterRow(INDEX_TABLE_HEADER.length));
  for (const index of model.indexes) {
    out.push(
      formatRow([
        index.name,
        index.table,
        formatIndexColumns(index.columns, index.where),
        formatIndexType(index.unique, index.method),
        index.purpose,
      ]),
    );
  }
  blank();

  out.push(`## ${SECTION.constraints}`);
  blank();
  out.push(FOREIGN_KEYS_TITLE);
  blank();
  out.push('```sql', ...model.foreignKeys.flatMap(foreignKeyLines), '```');
  blank();
  out.push(CHECKS_TITLE);
  blank();
  out.push('```sql', ...model.checks.flatMap(checkLines), '```');
  blank();
  // Only documents with enum types or domains (introspected ones) have this fence.
  if ((model.enums?.length ?? 0) > 0 || (model.domains?.length ?? 0) > 0) {
    out.push(TYPES_TITLE);
    blank();
    out.push('```sql', ...(model.enums ?? []).map(enumLine), ...(model.domains ?? []).map(domainLine), '```');
    blank();
  }

  out.push(`## ${SECTION.security}`);
  blank();
  const securityHeader = [...SECURITY_TABLE_FIXED_HEADER, ...model.roles.map((role) => `${role}${ROLE_ACCESS_SUFFIX}`)];
  out.push(formatRow(securityHeader), formatDelimiterRow(securityHeader.length));
  for (const annotation of model.security) {
    out.push(formatRow([annotation.table, annotation.sensitivity, ...model.roles.map((role) => annotation.access[role]?.text ?? '')]));
  }
  blank();

  out.push(`## ${SECTION.typeGuidelines}`);
  blank();
  const guidelineHeader = [...GUIDELINE_TABLE_HEADER_START, ormTypeColumnTitle(header.orm), 'Notes'];
  out.push(formatRow(guidelineHeader), formatDelimiterRow(guidelineHeader.length));
  for (const guideline of model.typeGuidelines) {
    out.push(formatRow([guideline.useCase, guideline.postgresType, guideline.ormType, guideline.notes]));
  }
  blank();

  out.push(`## ${SECTION.audit}`);
  blank();
  out.push(AUDIT_INTRO);
  blank();
  out.push('```sql', ...model.audit.columns.map((column, k, all) => (k < all.length - 1 ? `${column},` : column)), '```');
  if (model.audit.note !== '') {
    blank();
    out.push(model.audit.note);
  }

  return out.join('\n') + '\n';
}

function entityLines(entity: Entity): string[] {
  const heading = entity.extends === undefined ? entity.name : `${entity.name} (extends ${entity.extends})`;
  const lines = [`### ${heading}`, '', formatRow(COLUMN_TABLE_HEADER), formatDelimiterRow(COLUMN_TABLE_HEADER.length)];
  for (const column of entity.columns) {
    lines.push(
      formatRow([
        column.name,
        formatTypeCell(column.type, column.primaryKey, column.foreignKey, column.unique),
        column.nullable ? 'Yes' : 'No',
        column.default ?? NO_DEFAULT,
        sensitivityPrefix(column.sensitivity) + column.description,
      ]),
    );
  }
  lines.push('');
  if (entity.partitionBy !== undefined) lines.push(PARTITIONED_BY_PREFIX + entity.partitionBy, '');
  if (entity.partitionOf !== undefined) lines.push(`${PARTITION_OF_PREFIX}${quoteQualifiedName(entity.partitionOf)} ${entity.partitionBound ?? 'DEFAULT'}`, '');
  for (const note of entity.notes) lines.push(note, '');
  if (entity.securityNote !== undefined) lines.push(SECURITY_NOTE_PREFIX + entity.securityNote, '');
  return lines;
}

function foreignKeyLines(foreignKey: ForeignKey): string[] {
  let reference =
    `FOREIGN KEY (${foreignKey.columns.map(quoteIdentifier).join(', ')}) ` +
    `REFERENCES ${quoteQualifiedName(foreignKey.refTable)}(${foreignKey.refColumns.map(quoteIdentifier).join(', ')})`;
  if (foreignKey.onDelete) reference += ` ON DELETE ${foreignKey.onDelete}`;
  if (foreignKey.onUpdate) reference += ` ON UPDATE ${foreignKey.onUpdate}`;
  return [alterTableLine(foreignKey.table, foreignKey.name), `${reference};`];
}

function enumLine(type: EnumType): string {
  return `CREATE TYPE ${quoteQualifiedName(type.name)} AS ENUM (${type.values.map((v) => `'${v.replace(/'/g, "''")}'`).join(', ')});`;
}

function domainLine(domain: DomainType): string {
  return `CREATE DOMAIN ${quoteQualifiedName(domain.name)} AS ${domain.definition.replace(/\s*\n\s*/g, ' ')};`;
}

function checkLines(check: CheckConstraint): string[] {
  return [alterTableLine(check.table, check.name), `CHECK (${check.expression});`];
}

/** An unnamed constraint is written `ADD` without `CONSTRAINT <name>`, which PostgreSQL accepts. */
function alterTableLine(table: string, constraintName: string): string {
  const add = constraintName === '' ? 'ADD' : `ADD CONSTRAINT ${quoteIdentifier(constraintName)}`;
  return `ALTER TABLE ${quoteQualifiedName(table)} ${add}`;
}
