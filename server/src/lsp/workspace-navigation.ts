/**
 * Navigation across a workspace's documents: go to definition of a table another feature
 * defines, and the hover line saying which feature defines a table and which extend or use it.
 */
import { SymbolKind, type Hover, type Location, type Position, type SymbolInformation } from 'vscode-languageserver/node';
import type { DataModel } from '../model/types';
import { featureLabel } from '../workspace/features';
import type { WorkspaceModel } from '../workspace/workspace-model';
import { entityNamed, hoverFor, wordAt } from './navigation';

/** The defining feature's `### table` heading, for a table this document only references or extends. */
export function workspaceDefinition(workspace: WorkspaceModel, uri: string, model: DataModel, lines: readonly string[], position: Position): Location | undefined {
  const word = wordAt(lines, position);
  if (!word) return undefined;
  const local = entityNamed(model, word);
  if (local && local.extends === undefined) return undefined; // the document's own table: the single-document answer
  const owner = workspace.owner(word);
  const target = owner?.entity.headingRange ?? owner?.entity.range;
  return owner && target && owner.document.uri !== uri ? { uri: owner.document.uri, range: target } : undefined;
}

/** `Defined by 001-accounts · extended by 002-projects · used by 003-tasks`. */
export function workspaceRoles(workspace: WorkspaceModel, table: string): string | undefined {
  const sections = workspace.sections(table);
  const owner = workspace.owner(table);
  if (!owner) return undefined;
  const extended = sections.filter((section) => section.kind === 'extend').map((section) => featureLabel(section.document.feature));
  const defining = new Set(sections.map((section) => section.document.uri));
  const used = workspace.documentsNaming(table).filter((document) => !defining.has(document.uri)).map((document) => featureLabel(document.feature));
  const parts = [`Defined by feature **${featureLabel(owner.document.feature)}**`];
  if (extended.length > 0) parts.push(`extended by ${[...new Set(extended)].join(', ')}`);
  if (used.length > 0) parts.push(`used by ${[...new Set(used)].join(', ')}`);
  return parts.join(' · ');
}

/** The hover in a workspace: the table as its defining feature writes it (with extensions' columns), and who defines, extends and uses it. */
export function workspaceHover(workspace: WorkspaceModel, model: DataModel, lines: readonly string[], position: Position): Hover | undefined {
  const word = wordAt(lines, position);
  if (!word) return undefined;
  const owner = workspace.owner(word);
  const roles = workspaceRoles(workspace, word);
  const local = entityNamed(model, word);
  const base = local && local.extends === undefined ? hoverFor(model, lines, position) : owner ? hoverFor({ ...owner.document.model, entities: [{ ...owner.entity, columns: workspace.columnsOf(word).map(({ column }) => column) }] }, [word], { line: 0, character: 0 }) : undefined;
  if (!base) return undefined;
  const value = typeof base.contents === 'object' && 'value' in base.contents ? base.contents.value : '';
  return { contents: { kind: 'markdown', value: roles ? `${value}\n\n${roles}` : value } };
}

/** Every table of the workspaces whose name contains `query` (case-insensitive), at its defining feature's heading. */
export function workspaceSymbols(workspaces: readonly WorkspaceModel[], query: string, limit = 500): SymbolInformation[] {
  const wanted = query.trim().toLowerCase();
  const symbols: SymbolInformation[] = [];
  for (const workspace of workspaces) {
    for (const document of workspace.documents()) {
      for (const entity of document.model.entities) {
        const range = entity.headingRange ?? entity.range;
        if (!range || !entity.name.toLowerCase().includes(wanted)) continue;
        const extension = entity.extends !== undefined;
        symbols.push({
          name: extension ? `${entity.name} (extends ${entity.extends})` : entity.name,
          kind: SymbolKind.Class,
          location: { uri: document.uri, range },
          containerName: featureLabel(document.feature),
        });
        if (symbols.length >= limit) return symbols;
      }
    }
  }
  return symbols;
}
