import type { Entity, ForeignKey, Index } from '../model/types';
import type { EntityDraft } from './catalogue';
import { mentionsOf } from './catalogue';
import type { SpecText } from './spec-reader';

/**
 * The indexes a reviewer expects, each with its purpose: rankings the spec asks for
 * (`(task_id, score DESC)`), one led by every foreign key not already led by another index or
 * a UNIQUE constraint, status columns that background workers poll, and columns the spec
 * says lists are filtered by.
 */

export interface IndexInput {
  entities: readonly Entity[];
  drafts: ReadonlyMap<string, EntityDraft>;
  foreignKeys: readonly ForeignKey[];
  /** Allowed status values per `table.column`, to spot queues. */
  enumValues: ReadonlyMap<string, string[]>;
  paragraphs: readonly SpecText[];
}

/** Statuses that mean "waiting for a worker"; "pending" only counts when the spec has background processing. */
const QUEUE_STATES = /^(queued|processing|in_queue|retrying)$/;
const MAYBE_QUEUE_STATES = /^(pending|waiting)$/;
const BACKGROUND_WORK = /\b(workers?|background|asynchronous(?:ly)?|queue[sd]?|jobs?)\b/i;
const RANKING = /\b(rank(?:ed|s|ing)?|leaderboard|sorted|ordered|top)\b[^.]*?\bby\s+(?:their\s+|its\s+)?([a-z_ ]+?)(?:,|\.|;|\s+(?:highest|lowest|descending|ascending|desc|asc)|$)/i;
const FILTERING = /\bfilter(?:s|ed|ing)?\b/i;

export function indexesFor(input: IndexInput): Index[] {
  const indexes: Index[] = [];
  const background = input.paragraphs.some((p) => BACKGROUND_WORK.test(p.text));
  const isQueueState = (value: string): boolean => QUEUE_STATES.test(value) || (background && MAYBE_QUEUE_STATES.test(value));
  const add = (index: Index): void => {
    const same = indexes.find((i) => i.table === index.table && i.columns.map((c) => `${c.name} ${c.direction ?? ''}`).join() === index.columns.map((c) => `${c.name} ${c.direction ?? ''}`).join());
    if (!same && !indexes.some((i) => i.name === index.name)) indexes.push(index);
  };
  const btree = (table: string, name: string, columns: Index['columns'], purpose: string): Index =>
    ({ name, table, columns, method: 'BTREE', unique: false, purpose });

  for (const entity of input.entities) {
    const draft = input.drafts.get(entity.name);
    const columnNames = new Set(entity.columns.map((c) => c.name));
    const foreignKeys = input.foreignKeys.filter((fk) => fk.table === entity.name);

    // Rankings: "rank the completed submissions of a task by score, highest first".
    for (const paragraph of input.paragraphs) {
      if (!draft || mentionsOf(paragraph.text, draft).length === 0) continue;
      const ranking = RANKING.exec(paragraph.text);
      if (!ranking) continue;
      const rankedBy = ranking[2].trim().toLowerCase().replace(/\s+/g, '_').replace(/s$/, '');
      if (!columnNames.has(rankedBy)) continue;
      // Best-first for scores and leaderboards; otherwise the natural (ascending) order unless the spec says otherwise.
      const descending = /\b(highest|best|top|descending|desc|most|latest|newest|leaderboard)\b/i.test(paragraph.text) || /score|rank|rating/.test(rankedBy);
      const ascending = !descending || /\b(lowest|ascending|asc|fastest|earliest)\b/i.test(paragraph.text);
      const scope = foreignKeys.find((fk) => {
        const parent = [...input.drafts.values()].find((d) => d.table === fk.refTable);
        return parent !== undefined && mentionsOf(paragraph.text, parent).length > 0;
      }) ?? foreignKeys[0];
      const columns: Index['columns'] = scope
        ? [{ name: scope.columns[0] }, { name: rankedBy, direction: ascending ? 'ASC' : 'DESC' }]
        : [{ name: rankedBy, direction: ascending ? 'ASC' : 'DESC' }];
      const scopeName = scope ? `${scope.columns[0].replace(/_id$/, '')}_` : '';
      add(btree(entity.name, `idx_${entity.name}_${scopeName}${rankedBy}`, columns,
        scope ? `Ranking: ${entity.name} of one ${scope.refTable.replace(/s$/, '')} by ${rankedBy}` : `Ranking by ${rankedBy}`));
    }

    // Every FK needs an index it leads, so joins and ON DELETE checks do not scan the child table.
    for (const fk of foreignKeys) {
      const column = fk.columns[0];
      const covered = indexes.some((i) => i.table === entity.name && i.columns[0]?.name === column) ||
        entity.columns.some((c) => c.name === column && c.unique);
      if (covered) continue;
      add(btree(entity.name, `idx_${entity.name}_${column}`, [{ name: column }], `Foreign key lookups and joins on ${fk.refTable}`));
    }

    // Status columns workers poll for queued rows.
    for (const column of entity.columns) {
      const values = input.enumValues.get(`${entity.name}.${column.name}`);
      if (/(^|_)status$/.test(column.name) && values?.some(isQueueState)) {
        add(btree(entity.name, `idx_${entity.name}_${column.name}`, [{ name: column.name }], `Background workers polling for ${values.filter(isQueueState).join('/')} rows`));
      }
    }

    // "filters for date and appointment status", "filtering tasks by status, priority, deadline".
    for (const paragraph of input.paragraphs) {
      if (!draft || !FILTERING.test(paragraph.text) || mentionsOf(paragraph.text, draft).length === 0) continue;
      const from = paragraph.text.search(FILTERING);
      const sentenceEnd = paragraph.text.slice(from).search(/[.;](?:\s|$)/);
      const after = paragraph.text.slice(from, sentenceEnd >= 0 ? from + sentenceEnd : undefined);
      for (const column of entity.columns) {
        if (column.primaryKey || column.foreignKey || /^(created_at|updated_at)$/.test(column.name)) continue;
        const spoken = column.name.replace(/^is_/, '').replace(new RegExp(`^${draft.words.join('_')}_`), '').replace(/_/g, ' ');
        if (!new RegExp(`\\b${spoken}\\b`, 'i').test(after)) continue;
        if (indexes.some((i) => i.table === entity.name && i.columns[0]?.name === column.name) || column.unique) continue;
        add(btree(entity.name, `idx_${entity.name}_${column.name}`, [{ name: column.name }], `Filtering ${entity.name} by ${column.name}`));
      }
    }
  }
  return indexes;
}
