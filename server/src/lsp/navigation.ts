/**
 * Hovers, document symbols and go-to-definition: every name of a table (in the diagram, an
 * index row, a constraint, a security row) leads to its `### table` definition.
 */
import { SymbolKind, type DocumentSymbol, type Hover, type Location, type Position } from 'vscode-languageserver/node';
import type { DataModel, Entity, SourceRange } from '../model/types';

/** The identifier under the cursor (letters, digits, `_`), if any. */
export function wordAt(lines: readonly string[], position: Position): string | undefined {
  const text = lines[position.line] ?? '';
  const pattern = /[A-Za-z_][A-Za-z0-9_]*/g;
  for (const match of text.matchAll(pattern)) {
    const start = match.index ?? 0;
    if (position.character >= start && position.character <= start + match[0].length) return match[0];
  }
  return undefined;
}

/** A table by any spelling the document uses: `dataset_items`, `DATASET_ITEMS`. */
export function entityNamed(model: DataModel, name: string): Entity | undefined {
  const wanted = name.toLowerCase();
  return model.entities.find((entity) => entity.name.toLowerCase() === wanted);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

export function hoverFor(model: DataModel, lines: readonly string[], position: Position): Hover | undefined {
  const word = wordAt(lines, position);
  const entity = word ? entityNamed(model, word) : undefined;
  if (!entity) return undefined;
  const rows = entity.columns.map((column) => {
    const keys = [column.primaryKey && 'PK', column.foreignKey && 'FK', column.unique && !column.primaryKey && 'UK'].filter(Boolean).join(', ');
    return `| ${escapeCell(column.name)} | ${escapeCell(column.type)}${keys ? ` ${keys}` : ''} | ${column.nullable ? 'Yes' : 'No'} |`;
  });
  const security = model.security.find((row) => row.table.toLowerCase() === entity.name.toLowerCase());
  const access = security
    ? `**Sensitivity** ${security.sensitivity} · ${Object.entries(security.access)
        .map(([role, text]) => `${role}: ${text}`)
        .join(' · ')}`
    : '_No row in Security Annotations._';
  const value = [`**${entity.name}** (${entity.columns.length} columns)`, '', '| Column | Type | Nullable |', '|---|---|---|', ...rows, '', access].join('\n');
  return { contents: { kind: 'markdown', value } };
}

export function definitionFor(model: DataModel, lines: readonly string[], uri: string, position: Position): Location | undefined {
  const word = wordAt(lines, position);
  const entity = word ? entityNamed(model, word) : undefined;
  const target = entity?.headingRange ?? entity?.range;
  return target ? { uri, range: target } : undefined;
}

function spanning(first: SourceRange, last: SourceRange | undefined): SourceRange {
  return { start: first.start, end: last?.end ?? first.end };
}

export function documentSymbols(model: DataModel): DocumentSymbol[] {
  const symbols: DocumentSymbol[] = [];
  for (const entity of model.entities) {
    const heading = entity.headingRange ?? entity.range;
    if (!heading) continue;
    const children: DocumentSymbol[] = entity.columns
      .filter((column) => column.range)
      .map((column) => ({
        name: column.name,
        detail: column.type,
        kind: column.primaryKey ? SymbolKind.Key : SymbolKind.Field,
        range: column.range!,
        selectionRange: column.range!,
      }));
    const lastColumn = entity.columns.at(-1)?.range;
    symbols.push({
      name: entity.name,
      detail: `${entity.columns.length} columns`,
      kind: SymbolKind.Class,
      range: spanning(heading, lastColumn),
      selectionRange: heading,
      children,
    });
  }
  for (const index of model.indexes) {
    if (!index.range) continue;
    symbols.push({ name: index.name, detail: `index on ${index.table}`, kind: SymbolKind.Key, range: index.range, selectionRange: index.range });
  }
  return symbols;
}
