import type { Column, DiagramAttribute, DiagramEntity, Entity } from '../model/types';

/**
 * The Mermaid attribute type for a PostgreSQL type, in the vocabulary of the reference
 * document (`int`, `string`, `text`, `jsonb`, `datetime`, `float`, …). Mermaid only needs a
 * word here; these words keep the diagram readable for people who do not speak SQL.
 */
export function mermaidTypeFor(postgresType: string): string {
  const base = postgresType
    .trim()
    .toUpperCase()
    .replace(/\s+GENERATED\b.*$/, '') // `INT GENERATED ALWAYS AS IDENTITY` is an int
    .replace(/\(.*$/, '')
    .replace(/\[\]$/, '')
    .trim();
  switch (base) {
    case 'SERIAL':
    case 'INT':
    case 'INTEGER':
    case 'INT4':
    case 'SMALLINT':
    case 'SMALLSERIAL':
    case 'INT2':
      return 'int';
    case 'BIGSERIAL':
    case 'BIGINT':
    case 'INT8':
      return 'bigint';
    case 'VARCHAR':
    case 'CHARACTER VARYING':
    case 'CHAR':
    case 'CHARACTER':
    case 'CITEXT':
      return 'string';
    case 'TEXT':
      return 'text';
    case 'JSONB':
      return 'jsonb';
    case 'JSON':
      return 'json';
    case 'TIMESTAMPTZ':
    case 'TIMESTAMP':
    case 'TIMESTAMP WITH TIME ZONE':
    case 'TIMESTAMP WITHOUT TIME ZONE':
      return 'datetime';
    case 'DATE':
      return 'date';
    case 'TIME':
    case 'TIMETZ':
      return 'time';
    case 'FLOAT':
    case 'FLOAT4':
    case 'FLOAT8':
    case 'REAL':
    case 'DOUBLE PRECISION':
      return 'float';
    case 'NUMERIC':
    case 'DECIMAL':
    case 'MONEY':
      return 'decimal';
    case 'BOOLEAN':
    case 'BOOL':
      return 'boolean';
    case 'UUID':
      return 'uuid';
    case 'BYTEA':
      return 'bytes';
    default:
      return base.toLowerCase().replace(/[^a-z0-9_]+/g, '_') || 'unknown';
  }
}

/** The diagram's name for a table: the reference writes `dataset_items` as `DATASET_ITEMS`. */
export function diagramNameFor(tableName: string): string {
  return tableName.toUpperCase();
}

function attributeFor(column: Column): DiagramAttribute {
  const keys: DiagramAttribute['keys'] = [];
  if (column.primaryKey) keys.push('PK');
  if (column.foreignKey) keys.push('FK');
  if (column.unique && !column.primaryKey) keys.push('UK');
  return { type: mermaidTypeFor(column.type), name: column.name, keys };
}

/** The `erDiagram` entity block that states a table's columns. */
export function diagramEntityFor(entity: Entity): DiagramEntity {
  return { name: diagramNameFor(entity.name), attributes: entity.columns.map(attributeFor) };
}
