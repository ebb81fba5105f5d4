/**
 * The custom requests between the client (VS Code) and the language server, shared by both
 * sides so their shapes cannot drift apart. Plain JSON only.
 */
import type { Problem } from '../model/types';
import type { ValidationResult } from '../postgres/validate';
import type { Regeneration } from '../regenerate/regenerate';

export type IdType = 'serial' | 'identity' | 'bigint' | 'uuid';
export const ID_TYPES: readonly IdType[] = ['serial', 'identity', 'bigint', 'uuid'];

export interface GenerateSettings {
  idType: IdType;
  roles: string[];
  orm: string;
}

export interface GenerateParams {
  /** Text of the spec.md. */
  specText: string;
  /** Path of the spec.md (absolute or relative); used for the header's Spec Reference. */
  specPath: string;
  /** Domain typed by the user; empty or undefined means the spec's title. */
  domain?: string;
  settings: GenerateSettings;
  /** YYYY-MM-DD; defaults to today. */
  date?: string;
  /** The data-model.md the document is for, as it is now (undefined: there is none yet). When
   *  given, the response says what to write: a merge with the user's edits, when possible. */
  current?: string;
}

export interface GenerateResponse {
  /** The document, when generation succeeded (no error-level problem), ending with the hidden
   *  comment that remembers it as the base of the next merge (regenerate/generated-base.ts). */
  markdown?: string;
  /** What to write over `current` (only when the params gave it and generation succeeded). */
  regeneration?: Regeneration;
  domain: string;
  tables: string[];
  /** Errors (why nothing was generated) and warnings, located in the spec. */
  problems: Problem[];
  /** Number of `TODO:` notes the generator left for a person to decide. */
  todoCount: number;
}

export interface SpecTitleParams {
  specText: string;
}

export interface SpecTitleResponse {
  title?: string;
  /** Errors that stop generation whatever the domain (no Key Entities…), located in the spec:
   *  checked before the user is asked anything. */
  problems?: Problem[];
}

export const GenerateRequestMethod = 'dataModel/generate';
export const SpecTitleRequestMethod = 'dataModel/specTitle';

// ---------------------------------------------------------------------------------------------
// `dataModel/erd`: the diagram the ERD preview renders, emitted from the data model.
// (Imported here rather than at the top so this section stays an append to the file.)
import type { Diagram, Sensitivity, SourceRange } from '../model/types';

export interface ErdParams {
  /** Text of the data-model document (the open editor's version, saved or not). */
  text: string;
}

/**
 * Where the diagram came from: `document` is the document's own erDiagram as written (lines
 * it could not read left out), `tables` is derived from the Entity Definitions and foreign
 * keys because the written one is missing or too broken to show the model.
 */
export type ErdSource = 'document' | 'tables';

/** One box of the diagram and where its table is defined in the document. */
export interface ErdEntity {
  /** The name as the diagram spells it (`DATASET_ITEMS`). */
  name: string;
  /** The table's name (`dataset_items`); the lower-cased diagram name when no table defines it. */
  table: string;
  /** The `### table` heading; absent when the document defines no such table. */
  range?: SourceRange;
  /** The heading through the end of the table's section (for "entity under the cursor"). */
  sectionRange?: SourceRange;
  /** The entity's block inside the written diagram, when it has one. */
  diagramRange?: SourceRange;
  /** The table's sensitivity from its Security Annotations row, when it has one. */
  sensitivity?: Sensitivity;
}

export interface ErdResponse {
  /** Mermaid text, starting with `erDiagram`. */
  mermaid: string;
  source: ErdSource;
  /** One sentence for the pane: why this source, and what was left out. */
  sourceNote: string;
  /** The same diagram as data, without ranges (the preview's focus view is computed from it). */
  diagram: Diagram;
  entities: ErdEntity[];
  /** Problems of the written diagram (unreadable lines), located in the document. */
  problems: Problem[];
}

export const ErdRequestMethod = 'dataModel/erd';

/** Which PostgreSQL a database request runs on. */
export type DatabaseTarget =
  | { kind: 'embedded' }
  | {
      kind: 'server';
      /** Connection URL without its password. */
      url: string;
      /** The password from VS Code's SecretStorage, sealed with the session's key (api/sealed-secret.ts):
       *  parameters are traced in clear at `dataModel.trace.server: verbose`. */
      sealedPassword?: string;
      connectTimeoutMs: number;
      statementTimeoutMs: number;
    };

export interface SqlParams {
  text: string;
}

export interface SqlResponse {
  sql: string;
  statements: number;
  problems: Problem[];
  /** The document holds SQL the guard does not allow (DM006): nothing was compiled, so nothing may be written. */
  refused: boolean;
}

export interface ValidateParams {
  text: string;
  target: DatabaseTarget;
  probes: boolean;
  /** LSP work-done progress: the server reports its stages (`starting the embedded PostgreSQL…`) under this token. */
  workDoneToken?: string | number;
  /** The whole run's deadline (setting dataModel.validate.timeout); default 2 minutes. */
  deadlineMs?: number;
}

/** What validation found, located on the document (the DDL errors and the security annotations not enforced). */
export type ValidateResponse = ValidationResult;

export const SqlRequestMethod = 'dataModel/sql';
export const ValidateRequestMethod = 'dataModel/validate';

/** Sent by the client at start-up (LSP initializationOptions). */
export interface ServerInitializationOptions {
  /** Where the embedded PostgreSQL caches its initialised data directory (the extension's global storage). */
  pgliteCacheDir?: string;
  /** The embedded PostgreSQL's child process exits after this long unused (default 60 s; tests shorten it). */
  pgliteIdleMs?: number;
  /** A statement on the embedded PostgreSQL running longer stops it (default 60 s; tests shorten it). */
  pgliteDeadlineMs?: number;
}

export interface IntrospectParams {
  target: DatabaseTarget;
  /** Schemas to read; all but PostgreSQL's own when empty. */
  schemas?: string[];
  domain?: string;
}

export interface IntrospectResponse {
  markdown: string;
  tables: number;
  database: string;
}

export interface CompareParams {
  text: string;
  target: DatabaseTarget;
}

export interface CompareResponse {
  /** Drift located on the document (code `drift`). */
  problems: Problem[];
  tables: number;
  database: string;
}

export const IntrospectRequestMethod = 'dataModel/introspect';
export const CompareRequestMethod = 'dataModel/compare';

// ---------------------------------------------------------------------------------------------
// `dataModel/orm`: SQLAlchemy models for the document (Data Model: Export SQLAlchemy Models).

export interface OrmParams {
  /** Text of the data-model document (the open editor's version, saved or not). */
  text: string;
  /** `typed` (SQLAlchemy 2.x Mapped / mapped_column) or `classic` (Column declarative, 1.4 and 2.x). */
  style: 'typed' | 'classic';
  /** The document's file name, for the module's docstring. */
  source?: string;
}

export interface OrmResponse {
  /** The Python module; empty when refused. */
  python: string;
  tables: number;
  /** Why nothing was exported (refused) and what was left out, located in the document. */
  problems: Problem[];
  refused: boolean;
}

export const OrmRequestMethod = 'dataModel/orm';

// ---------------------------------------------------------------------------------------------
// `dataModel/migrate`: the migration from a previous version of the document (git HEAD by
// default) to the editor's text. The client asks the rename questions and opens the SQL.
import type { RenameCandidate } from '../migrate/types';

export interface MigrateParams {
  /** The document as it is in the editor (saved or not). */
  text: string;
  /** Its path on disk, to find the version in git. */
  path: string;
  /** The git revision to migrate from (default HEAD). */
  revision?: string;
  /** Per rename candidate id: true = rename (rows kept), false = drop and add. Undecided ones are renamed. */
  decisions?: Record<string, boolean>;
}

export interface MigrateResponse {
  /** The migration file (SQL), with a comment on each loss; empty when refused. */
  sql: string;
  /** What it migrates from, for titles: `data-model.md at HEAD`. */
  from: string;
  renameCandidates: RenameCandidate[];
  dataLoss: string[];
  warnings: string[];
  /** Problems of the documents (unreadable rows, refused SQL), located in the editor's text. */
  problems: Problem[];
  refused: boolean;
}

export const MigrateRequestMethod = 'dataModel/migrate';
