import type { AuditTrail, Column, TypeGuideline } from '../model/types';

/**
 * House conventions that do not depend on the spec's wording: key types, the audit columns
 * every table gets, and the Data Type Guidelines rows for the chosen ORM.
 */

export type IdType = 'serial' | 'identity' | 'bigint' | 'uuid';

interface KeyConvention {
  /** The `id` column's type. */
  type: string;
  default?: string;
  /** The type of a foreign key column pointing at such an id. */
  referenceType: string;
  guideline: string;
}

const KEY_CONVENTIONS: Record<IdType, KeyConvention> = {
  serial: { type: 'SERIAL', default: 'auto', referenceType: 'INT', guideline: 'SERIAL' },
  identity: { type: 'INT GENERATED ALWAYS AS IDENTITY', default: 'auto', referenceType: 'INT', guideline: 'INT GENERATED ALWAYS AS IDENTITY' },
  bigint: { type: 'BIGINT GENERATED ALWAYS AS IDENTITY', default: 'auto', referenceType: 'BIGINT', guideline: 'BIGINT GENERATED ALWAYS AS IDENTITY' },
  uuid: { type: 'UUID', default: 'gen_random_uuid()', referenceType: 'UUID', guideline: 'UUID' },
};

export function keyConvention(idType: IdType): KeyConvention {
  return KEY_CONVENTIONS[idType] ?? KEY_CONVENTIONS.serial;
}

export function idColumn(idType: IdType, entityName: string): Column {
  const key = keyConvention(idType);
  return {
    name: 'id',
    type: key.type,
    nullable: false,
    default: key.default,
    description: `${entityName} ID`,
    primaryKey: true,
    unique: false,
    foreignKey: false,
  };
}

export const AUDIT_COLUMN_DEFINITIONS = [
  'created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()',
  'updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()',
];

export function auditColumns(): Column[] {
  const base = { type: 'TIMESTAMPTZ', nullable: false, default: 'NOW()', primaryKey: false, unique: false, foreignKey: false };
  return [
    { ...base, name: 'created_at', description: 'Creation time' },
    { ...base, name: 'updated_at', description: 'Last update time' },
  ];
}

type OrmFamily = 'sqlalchemy' | 'prisma' | 'django' | 'typeorm' | 'generic';

function ormFamily(orm: string): OrmFamily {
  if (/sqlalchemy|sqlmodel/i.test(orm)) return 'sqlalchemy';
  if (/prisma/i.test(orm)) return 'prisma';
  if (/django/i.test(orm)) return 'django';
  if (/typeorm/i.test(orm)) return 'typeorm';
  return 'generic';
}

/** [use case, PostgreSQL type, notes] in document order; the ORM column comes from the tables below. */
const USE_CASES: [string, string, string][] = [
  ['Primary keys', '', ''],
  ['Foreign keys', '', 'Same type as the referenced key; always indexed'],
  ['Text fields', 'VARCHAR(N)', 'Use a length limit'],
  ['Long text', 'TEXT', 'No length limit'],
  ['JSON/config', 'JSONB', 'Supports indexing'],
  ['Scores', 'DOUBLE PRECISION', 'Use NUMERIC for money'],
  ['Money', 'NUMERIC(12,2)', 'Exact arithmetic'],
  ['Timestamps', 'TIMESTAMPTZ', 'Always store UTC'],
  ['Dates', 'DATE', 'Calendar dates without time'],
  ['Booleans', 'BOOLEAN', 'With a DEFAULT'],
];

const ORM_TYPES: Record<OrmFamily, (idType: IdType) => string[]> = {
  sqlalchemy: (id) => [
    id === 'uuid' ? 'UUID(as_uuid=True)' : id === 'bigint' ? 'BigInteger' : 'Integer',
    id === 'uuid' ? 'UUID(as_uuid=True)' : id === 'bigint' ? 'BigInteger' : 'Integer',
    'String(N)', 'Text', 'JSONB', 'Float', 'Numeric(12, 2)', 'DateTime(timezone=True)', 'Date', 'Boolean',
  ],
  prisma: (id) => [
    id === 'uuid' ? 'String @id @default(uuid()) @db.Uuid' : id === 'bigint' ? 'BigInt @id @default(autoincrement())' : 'Int @id @default(autoincrement())',
    id === 'uuid' ? 'String @db.Uuid' : id === 'bigint' ? 'BigInt' : 'Int',
    'String @db.VarChar(N)', 'String @db.Text', 'Json', 'Float', 'Decimal @db.Decimal(12, 2)', 'DateTime @db.Timestamptz', 'DateTime @db.Date', 'Boolean',
  ],
  django: (id) => [
    id === 'uuid' ? 'UUIDField(primary_key=True)' : id === 'bigint' ? 'BigAutoField' : 'AutoField',
    'ForeignKey', 'CharField(max_length=N)', 'TextField', 'JSONField', 'FloatField', 'DecimalField(max_digits=12, decimal_places=2)', 'DateTimeField (USE_TZ = True)', 'DateField', 'BooleanField',
  ],
  typeorm: (id) => [
    id === 'uuid' ? "@PrimaryGeneratedColumn('uuid')" : "@PrimaryGeneratedColumn('identity')",
    '@ManyToOne + @JoinColumn', "varchar (length: N)", 'text', 'jsonb', 'double precision', "numeric (precision 12, scale 2)", 'timestamptz', 'date', 'boolean',
  ],
  generic: (id) => [
    id === 'uuid' ? 'UUID' : id === 'bigint' ? '64-bit integer' : 'integer',
    id === 'uuid' ? 'UUID' : id === 'bigint' ? '64-bit integer' : 'integer',
    'string (max N)', 'string', 'JSON document', 'double', 'decimal', 'timestamp with time zone', 'date', 'boolean',
  ],
};

export function typeGuidelines(orm: string, idType: IdType): TypeGuideline[] {
  const ormTypes = ORM_TYPES[ormFamily(orm)](idType);
  const key = keyConvention(idType);
  return USE_CASES.map(([useCase, postgresType, notes], i) => {
    if (i === 0) {
      return { useCase, postgresType: key.guideline, ormType: ormTypes[0], notes: idType === 'uuid' ? 'DEFAULT gen_random_uuid()' : 'Auto-increment' };
    }
    if (i === 1) return { useCase, postgresType: key.referenceType, ormType: ormTypes[1], notes };
    return { useCase, postgresType, ormType: ormTypes[i], notes };
  });
}

const AUDIT_NOTES: Record<OrmFamily, string> = {
  sqlalchemy: 'Use a PostgreSQL trigger or SQLAlchemy onupdate=func.now() to keep updated_at current.',
  prisma: 'Use Prisma @updatedAt (or a PostgreSQL trigger for writes outside Prisma) to keep updated_at current.',
  django: 'Use auto_now_add / auto_now on the model fields (or a PostgreSQL trigger for writes outside Django) to keep updated_at current.',
  typeorm: 'Use @CreateDateColumn / @UpdateDateColumn (or a PostgreSQL trigger for writes outside TypeORM) to keep updated_at current.',
  generic: 'Use a PostgreSQL BEFORE UPDATE trigger to keep updated_at current.',
};

export function auditTrail(orm: string): AuditTrail {
  return { columns: [...AUDIT_COLUMN_DEFINITIONS], note: AUDIT_NOTES[ormFamily(orm)] };
}
