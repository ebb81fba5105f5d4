/**
 * The data model: the one intermediate representation every capability works on.
 *
 *   spec.md ──generate──▶ DataModel ──write──▶ data-model.md ──read──▶ DataModel
 *
 * Everything here is plain data (JSON-serialisable, no classes) so it can cross the LSP
 * boundary and be compared structurally. Elements read from a document carry `range`
 * (0-based lines and characters, as in LSP); elements built by the generator have none.
 * `read(write(m))` equals `m` once ranges are stripped (see `stripRanges`).
 */

/** 0-based, like LSP's Position. */
export interface Position {
  line: number;
  character: number;
}

/** Half-open: `end` is just past the last character. */
export interface SourceRange {
  start: Position;
  end: Position;
}

/** Something that may have been read from a document. */
export interface Located {
  range?: SourceRange;
}

/** How sensitive a table's or a column's data is, lowest to highest. */
export type Sensitivity = 'Low' | 'Medium' | 'High' | 'CRITICAL';
export const SENSITIVITIES: readonly Sensitivity[] = ['Low', 'Medium', 'High', 'CRITICAL'];

export type ReferentialAction = 'NO ACTION' | 'RESTRICT' | 'CASCADE' | 'SET NULL' | 'SET DEFAULT';

/** The document's header: `# Data Model: <domain>` and the `**Database**: …` lines. */
export interface Header extends Located {
  domain: string;
  database: string;
  orm: string;
  /** YYYY-MM-DD, as written. */
  date: string;
  /** Path of the spec, relative to the repository root, e.g. `specs/001-x/spec.md`. */
  specReference: string;
}

export interface Column extends Located {
  name: string;
  /** PostgreSQL type as written, without key markers: `SERIAL`, `VARCHAR(64)`, `TIMESTAMPTZ`. */
  type: string;
  nullable: boolean;
  /**
   * The Default cell as written (`auto`, `NOW()`, `'queued'`, `NULL`, `TRUE`); undefined when
   * the cell says there is none (`—`, `-` or empty).
   */
  default?: string;
  description: string;
  primaryKey: boolean;
  unique: boolean;
  /** Marked `FK` in the Type cell; the constraint itself lives in `DataModel.foreignKeys`. */
  foreignKey: boolean;
  /** Set when the column holds data more sensitive than its table's baseline. */
  sensitivity?: Sensitivity;
}

export interface Entity extends Located {
  /** Table name, snake_case plural, as in the `### <table>` heading. */
  name: string;
  columns: Column[];
  /** The `⚠️ **Security**: …` paragraph under the table, without its prefix. */
  securityNote?: string;
  /** Other paragraphs under the table, in order (including generator `TODO:` lines). */
  notes: string[];
  /** Range of the `### <table>` heading line. */
  headingRange?: SourceRange;
  /** Partitioned table: the partition key as `pg_get_partkeydef` gives it, e.g. `RANGE (payment_date)`. */
  partitionBy?: string;
  /** Partition: the parent table's name (as in `name`, `schema.table` outside public). */
  partitionOf?: string;
  /** Partition: its bound, `FOR VALUES FROM (…) TO (…)`, `FOR VALUES IN (…)` or `DEFAULT`. */
  partitionBound?: string;
  /**
   * Set on `### users (extends 001)`: the section adds columns to a table an earlier feature
   * of the workspace defines (`001`, its number or folder name, as written); `name` is `users`.
   */
  extends?: string;
}

export type SortDirection = 'ASC' | 'DESC';

export interface IndexColumn {
  /** A column name, or an expression such as `lower(email)`. */
  name: string;
  direction?: SortDirection;
}

export interface Index extends Located {
  name: string;
  table: string;
  columns: IndexColumn[];
  /** Access method in upper case: BTREE, HASH, GIN, GIST, BRIN, SPGIST. */
  method: string;
  unique: boolean;
  /** Partial index predicate, without `WHERE`. */
  where?: string;
  purpose: string;
}

export interface ForeignKey extends Located {
  name: string;
  table: string;
  columns: string[];
  refTable: string;
  refColumns: string[];
  onDelete?: ReferentialAction;
  onUpdate?: ReferentialAction;
}

export interface CheckConstraint extends Located {
  name: string;
  table: string;
  /** The boolean expression inside `CHECK (…)`, without the outer parentheses. */
  expression: string;
}

/** One end of a diagram relationship, in Mermaid's crow's-foot vocabulary. */
export type Cardinality = 'exactly-one' | 'zero-or-one' | 'zero-or-more' | 'one-or-more';

/** A Mermaid `erDiagram` attribute line: `int dataset_id FK "comment"`. */
export interface DiagramAttribute extends Located {
  type: string;
  name: string;
  keys: ('PK' | 'FK' | 'UK')[];
  comment?: string;
}

/** A Mermaid `erDiagram` entity block. Names are as written (the reference uses UPPER_CASE). */
export interface DiagramEntity extends Located {
  name: string;
  attributes: DiagramAttribute[];
}

/** `USERS ||--o{ SUBMISSIONS : "submits"`: `left` is the parent side in the usual reading. */
export interface Relationship extends Located {
  left: string;
  right: string;
  leftCardinality: Cardinality;
  rightCardinality: Cardinality;
  /** `--` (identifying) or `..` (non-identifying). */
  identifying: boolean;
  label: string;
}

/** The diagram exactly as the document states it; compared against the tables by the linter. */
export interface Diagram extends Located {
  entities: DiagramEntity[];
  relationships: Relationship[];
}

/** A row of the Security Annotations table. */
export interface SecurityAnnotation extends Located {
  table: string;
  sensitivity: Sensitivity;
  /** Access per role, keyed by role name as in `DataModel.roles`, read once by `parseAccess` (model/access.ts). */
  access: Record<string, Access>;
  /** The column that says whose a row is, for own-rows access; absent when the table has none. */
  owner?: OwnerColumn;
}

/** How much of a table a role may use: nothing, read every row, read or write its own rows, or everything. */
export type AccessLevel = 'none' | 'read' | 'read-own' | 'write-own' | 'full';
export const ACCESS_LEVELS: readonly AccessLevel[] = ['none', 'read', 'read-own', 'write-own', 'full'];

/** One access cell: its level (undefined when the text has no single meaning: reported on the cell) and its text as written. */
export interface Access {
  level: AccessLevel | undefined;
  /** The cell as written, for writing back and messages. */
  text: string;
  /** What follows a Read or Full keyword, e.g. `metadata` in `Read (metadata)`; shown, not enforced. */
  qualifier?: string;
}

/** The column an own-rows policy compares with the current user's id. */
export interface OwnerColumn {
  name: string;
  type: string;
}

/** A row of the Data Type Guidelines table. */
export interface TypeGuideline extends Located {
  useCase: string;
  postgresType: string;
  ormType: string;
  notes: string;
}

export interface AuditTrail extends Located {
  /** Column definitions every table includes, from the sql fence, e.g. `created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()`. */
  columns: string[];
  /** The sentence(s) after the fence, e.g. how `updated_at` is kept current. */
  note: string;
}

/** `CREATE TYPE <name> AS ENUM (…)`; `name` is `schema.type` outside public. */
export interface EnumType extends Located {
  name: string;
  values: string[];
}

/** `CREATE DOMAIN <name> AS <definition>`: base type, then any NOT NULL, DEFAULT and CHECK clauses. */
export interface DomainType extends Located {
  name: string;
  definition: string;
}

export interface DataModel {
  header: Header;
  diagram: Diagram;
  entities: Entity[];
  indexes: Index[];
  foreignKeys: ForeignKey[];
  checks: CheckConstraint[];
  /** Role names, in the order of the Security Annotations columns (`Annotator`, `Admin`). */
  roles: string[];
  security: SecurityAnnotation[];
  typeGuidelines: TypeGuideline[];
  audit: AuditTrail;
  /** Enum types the tables use (absent when there are none, as in generated models). */
  enums?: EnumType[];
  /** Domains the tables use (absent when there are none). */
  domains?: DomainType[];
}

/** Something the reader or generator could not understand, located in its input. */
export interface Problem {
  message: string;
  range: SourceRange;
  severity: 'error' | 'warning' | 'info';
  /** Rule code when the problem maps to a lint rule (e.g. `DM001`). */
  code?: string;
}
