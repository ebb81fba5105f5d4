/**
 * The custom requests between the client (VS Code) and the language server, shared by both
 * sides so their shapes cannot drift apart. Plain JSON only.
 */
import type { Problem } from '../model/types';

export type IdType = 'serial' | 'identity' | 'bigint' | 'uuid';

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
}

export interface GenerateResponse {
  /** The document, when generation succeeded (no error-level problem). */
  markdown?: string;
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
}

export const GenerateRequestMethod = 'dataModel/generate';
export const SpecTitleRequestMethod = 'dataModel/specTitle';
