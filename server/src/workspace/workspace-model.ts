/**
 * The workspace model: every data-model document of a spec-kit project, in feature order,
 * read as one schema. A table belongs to the feature that first defines it; later features
 * reference it (a foreign key, a diagram entity, an index or a security row naming it), extend
 * it (`### users (extends 001)`: extra columns) or, by mistake, define it again.
 *
 * Incremental: `set` re-reads one document and answers which documents must be linted again
 * (itself and every document that names one of the tables it names, before or after the
 * change). The cross-document index (which document defines or extends which table) is rebuilt
 * lazily from the documents' models: a map over the tables, far cheaper than one read.
 *
 * Keys are opaque strings (the language server uses `file:` URIs, the CLI paths); the feature
 * is the document's folder (`specs/001-auth/data-model.md` → `001-auth`).
 */
import { readMarkdown } from '../markdown/reader';
import type { Column, DataModel, Entity, Problem } from '../model/types';
import { splitLines } from '../rules/edits';
import { compareFeatures, featureOf, type FeatureId } from './features';
import { specExpectations } from './spec-expectations';

export interface WorkspaceDocument {
  uri: string;
  feature: FeatureId;
  text: string;
  lines: string[];
  model: DataModel;
  problems: Problem[];
}

/** The feature's `spec.md`, beside its data model. */
export interface FeatureSpec {
  uri: string;
  text: string;
}

/** One `### table` section of one document. */
export interface TableSection {
  /** Lower-case table name: the key of the index. */
  key: string;
  document: WorkspaceDocument;
  entity: Entity;
  kind: 'define' | 'extend';
}

/** A document already read elsewhere (the language server's parse of an open editor). */
export interface ReadDocument {
  text: string;
  lines: string[];
  model: DataModel;
  problems: Problem[];
}

interface Index {
  ordered: WorkspaceDocument[];
  position: Map<string, number>;
  /** Every section naming a table, in feature order. */
  sections: Map<string, TableSection[]>;
  /** Documents by each table name they mention (sections, foreign keys, indexes, security rows, diagram). */
  mentions: Map<string, Set<string>>;
}

export function tableKey(name: string): string {
  return name.trim().replace(/^"|"$/g, '').toLowerCase();
}

export class WorkspaceModel {
  private readonly docs = new Map<string, WorkspaceDocument>();
  private readonly specs = new Map<string, FeatureSpec>();
  private readonly names = new Map<string, Set<string>>();
  private index: Index | undefined;

  /** Reads (or takes an already read) document; returns the documents to lint again, itself first. */
  set(uri: string, text: string, read?: ReadDocument): string[] {
    const before = this.names.get(uri) ?? new Set<string>();
    const parsed = read ?? { text, lines: splitLines(text), ...readMarkdown(text) };
    const document: WorkspaceDocument = { uri, feature: featureOf(uri), text: parsed.text, lines: parsed.lines, model: parsed.model, problems: parsed.problems };
    this.docs.set(uri, document);
    const after = mentionedTables(document.model);
    this.names.set(uri, after);
    this.index = undefined;
    return this.affected(uri, before, after, true);
  }

  /** Forgets a document (deleted, or no longer a data model); returns the documents to lint again. */
  delete(uri: string): string[] {
    const before = this.names.get(uri);
    if (!this.docs.delete(uri)) return [];
    this.names.delete(uri);
    this.index = undefined;
    return this.affected(uri, before ?? new Set(), new Set(), false);
  }

  /** Sets (or with `undefined` forgets) the spec.md of a feature folder; returns its documents. */
  setSpec(specUri: string, text: string | undefined): string[] {
    if (text === undefined) this.specs.delete(folderKey(specUri));
    else this.specs.set(folderKey(specUri), { uri: specUri, text });
    return this.documents()
      .filter((document) => folderKey(document.uri) === folderKey(specUri))
      .map((document) => document.uri);
  }

  has(uri: string): boolean {
    return this.docs.has(uri);
  }

  get(uri: string): WorkspaceDocument | undefined {
    return this.docs.get(uri);
  }

  get size(): number {
    return this.docs.size;
  }

  /** The spec beside a document, when one was given. */
  specOf(uri: string): FeatureSpec | undefined {
    return this.specs.get(folderKey(uri));
  }

  /** Every document, in feature order. */
  documents(): readonly WorkspaceDocument[] {
    return this.built().ordered;
  }

  /** Where `a` comes before `b` in feature order. */
  before(a: WorkspaceDocument, b: WorkspaceDocument): boolean {
    const position = this.built().position;
    return (position.get(a.uri) ?? 0) < (position.get(b.uri) ?? 0);
  }

  /** Every section defining or extending the table, in feature order. */
  sections(table: string): readonly TableSection[] {
    return this.built().sections.get(tableKey(table)) ?? [];
  }

  /** The section that defines the table: the first definition in feature order. */
  owner(table: string): TableSection | undefined {
    return this.sections(table).find((section) => section.kind === 'define');
  }

  /** Whether a document other than `uri` defines the table. */
  definedElsewhere(table: string, uri: string): boolean {
    return this.sections(table).some((section) => section.kind === 'define' && section.document.uri !== uri);
  }

  /** The table's columns across the workspace: its definition's, then each extension's (first of each name). */
  columnsOf(table: string): { column: Column; section: TableSection }[] {
    const result: { column: Column; section: TableSection }[] = [];
    const seen = new Set<string>();
    const owner = this.owner(table);
    if (!owner) return result;
    for (const section of [owner, ...this.sections(table).filter((s) => s.kind === 'extend')]) {
      for (const column of section.entity.columns) {
        const key = column.name.toLowerCase();
        if (key === '' || seen.has(key)) continue;
        seen.add(key);
        result.push({ column, section });
      }
    }
    return result;
  }

  /** Every document that names the table (defines, extends or references it), in feature order. */
  documentsNaming(table: string): readonly WorkspaceDocument[] {
    const naming = this.built().mentions.get(tableKey(table));
    return naming ? this.documents().filter((document) => naming.has(document.uri)) : [];
  }

  /** Documents that name a table `uri` names (and so may read differently when it changes), without `uri`. */
  dependents(uri: string): string[] {
    const names = this.names.get(uri) ?? new Set<string>();
    return this.affected(uri, names, new Set(), false);
  }

  private affected(uri: string, before: ReadonlySet<string>, after: ReadonlySet<string>, includeSelf: boolean): string[] {
    const result = new Set<string>(includeSelf ? [uri] : []);
    const mentions = this.built().mentions;
    for (const names of [before, after]) {
      for (const name of names) for (const other of mentions.get(name) ?? []) if (other !== uri) result.add(other);
    }
    // The spec checks ask whether any feature has a table for a Key Entity: a document whose spec
    // expects a table that appeared or disappeared here reads differently now.
    const changed = [...before, ...after].filter((name) => before.has(name) !== after.has(name));
    if (changed.length > 0) {
      for (const document of this.docs.values()) {
        const spec = document.uri === uri ? undefined : this.specOf(document.uri);
        if (spec && specExpectations(spec.text).tables.some((table) => changed.includes(table.table))) result.add(document.uri);
      }
    }
    return [...result];
  }

  private built(): Index {
    if (this.index) return this.index;
    const ordered = [...this.docs.values()].sort(compareFeatures);
    const position = new Map(ordered.map((document, k) => [document.uri, k]));
    const sections = new Map<string, TableSection[]>();
    const mentions = new Map<string, Set<string>>();
    for (const document of ordered) {
      for (const entity of document.model.entities) {
        const key = tableKey(entity.name);
        if (key === '') continue;
        let list = sections.get(key);
        if (!list) sections.set(key, (list = []));
        list.push({ key, document, entity, kind: entity.extends === undefined ? 'define' : 'extend' });
      }
      for (const name of this.names.get(document.uri) ?? []) {
        let set = mentions.get(name);
        if (!set) mentions.set(name, (set = new Set()));
        set.add(document.uri);
      }
    }
    this.index = { ordered, position, sections, mentions };
    return this.index;
  }
}

/** Every table name a model mentions, lower case. */
export function mentionedTables(model: DataModel): Set<string> {
  const names = new Set<string>();
  const add = (name: string | undefined) => {
    const key = name === undefined ? '' : tableKey(name);
    if (key !== '') names.add(key);
  };
  for (const entity of model.entities) add(entity.name);
  for (const fk of model.foreignKeys) {
    add(fk.table);
    add(fk.refTable);
  }
  for (const index of model.indexes) add(index.table);
  for (const check of model.checks) add(check.table);
  for (const row of model.security) add(row.table);
  for (const drawn of model.diagram.entities) add(drawn.name);
  return names;
}

/** The folder of a document or spec: documents and the spec of one folder belong together. */
function folderKey(uri: string): string {
  return uri.replace(/[\\/][^\\/]*$/, '');
}
