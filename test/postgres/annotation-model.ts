/**
 * The six-table annotation model (users, datasets, dataset_items, dataset_answers, tasks,
 * submissions) built in code, as the Markdown reader would return it: every element has its own
 * line, so a test can tell which element a problem was located on.
 */
import type { Column, DataModel, Entity, SourceRange } from '../../server/src/model/types';
import { emptyModel, rangeOf } from '../../server/src/model/util';
import { accessMap, resolveOwners } from '../../server/src/model/access';

/** Hands out one distinct line per element, in document order. */
class Lines {
  private next = 10;
  take(): SourceRange {
    const line = this.next++;
    return rangeOf(line, 0, line, 40);
  }
}

interface ColumnOptions {
  nullable?: boolean;
  default?: string;
  pk?: boolean;
  unique?: boolean;
  fk?: boolean;
}

export function annotationModel(): DataModel {
  const lines = new Lines();
  const model = emptyModel();
  model.header = { domain: 'Annotation submission and scoring results', database: 'PostgreSQL', orm: 'SQLAlchemy (async)', date: '2026-11-24', specReference: 'specs/001-annotation-scoring/spec.md', range: lines.take() };

  const column = (name: string, type: string, o: ColumnOptions = {}): Column => ({
    name,
    type,
    nullable: o.nullable ?? false,
    default: o.default,
    description: '',
    primaryKey: o.pk ?? false,
    unique: o.unique ?? false,
    foreignKey: o.fk ?? false,
    range: lines.take(),
  });
  const id = () => column('id', 'SERIAL', { pk: true, default: 'auto' });
  const createdAt = () => column('created_at', 'TIMESTAMPTZ', { default: 'NOW()' });
  const updatedAt = () => column('updated_at', 'TIMESTAMPTZ', { default: 'NOW()' });
  const entity = (name: string, columns: () => Column[], securityNote?: string): Entity => {
    const headingRange = lines.take();
    return { name, columns: columns(), notes: [], securityNote, headingRange, range: headingRange };
  };

  model.entities = [
    entity('users', () => [
      id(),
      column('username', 'VARCHAR(64)', { unique: true }),
      column('email', 'VARCHAR(255)', { unique: true }),
      column('hashed_password', 'VARCHAR(255)'),
      column('role', 'VARCHAR(32)', { default: "'annotator'" }),
      column('is_active', 'BOOLEAN', { default: 'TRUE' }),
      createdAt(),
      updatedAt(),
    ]),
    entity('datasets', () => [
      id(),
      column('name', 'VARCHAR(128)', { unique: true }),
      column('task_type', 'VARCHAR(32)'),
      column('total_items', 'INT', { default: '0' }),
      createdAt(),
      updatedAt(),
    ]),
    entity('dataset_items', () => [
      id(),
      column('dataset_id', 'INT', { fk: true }),
      column('input_text', 'TEXT'),
      column('position', 'INT'),
      createdAt(),
    ]),
    entity(
      'dataset_answers',
      () => [
        id(),
        column('dataset_id', 'INT', { fk: true }),
        column('item_id', 'INT', { fk: true }),
        column('answer', 'TEXT'),
        createdAt(),
      ],
      '`dataset_answers` is accessible ONLY to Celery workers and administrators.',
    ),
    entity('tasks', () => [
      id(),
      column('name', 'VARCHAR(128)', { unique: true }),
      column('description', 'TEXT', { nullable: true, default: 'NULL' }),
      column('config', 'JSONB', { default: "'{}'::jsonb" }),
      column('dataset_id', 'INT', { fk: true }),
      column('status', 'VARCHAR(32)', { default: "'draft'" }),
      column('deadline', 'TIMESTAMPTZ', { nullable: true }),
      createdAt(),
      updatedAt(),
    ]),
    entity('submissions', () => [
      id(),
      column('task_id', 'INT', { fk: true }),
      column('user_id', 'INT', { fk: true }),
      column('predictions', 'JSONB'),
      column('status', 'VARCHAR(32)', { default: "'queued'" }),
      column('score', 'FLOAT', { nullable: true, default: 'NULL' }),
      column('metric', 'VARCHAR(64)', { nullable: true }),
      column('rank', 'INT', { nullable: true }),
      createdAt(),
      column('scored_at', 'TIMESTAMPTZ', { nullable: true }),
      updatedAt(),
    ]),
  ];

  model.indexes = [
    { name: 'idx_submissions_task_user', table: 'submissions', columns: [{ name: 'task_id' }, { name: 'user_id' }], method: 'BTREE', unique: false, purpose: 'Leaderboard queries', range: lines.take() },
    { name: 'idx_submissions_user', table: 'submissions', columns: [{ name: 'user_id' }], method: 'BTREE', unique: false, purpose: 'Own submissions', range: lines.take() },
    { name: 'idx_submissions_score', table: 'submissions', columns: [{ name: 'task_id' }, { name: 'score', direction: 'DESC' }], method: 'BTREE', unique: false, purpose: 'Ranking', range: lines.take() },
    { name: 'idx_submissions_queued', table: 'submissions', columns: [{ name: 'created_at' }], method: 'BTREE', unique: false, where: "status = 'queued'", purpose: 'Worker polling', range: lines.take() },
    { name: 'idx_users_email_lower', table: 'users', columns: [{ name: 'lower(email)' }], method: 'BTREE', unique: true, purpose: 'Case-insensitive login', range: lines.take() },
    { name: 'idx_tasks_config', table: 'tasks', columns: [{ name: 'config' }], method: 'GIN', unique: false, purpose: 'Config search', range: lines.take() },
    { name: 'idx_tasks_dataset', table: 'tasks', columns: [{ name: 'dataset_id' }], method: 'BTREE', unique: false, purpose: 'FK', range: lines.take() },
    { name: 'idx_dataset_items_position', table: 'dataset_items', columns: [{ name: 'dataset_id' }, { name: 'position' }], method: 'BTREE', unique: true, purpose: 'Item order', range: lines.take() },
    { name: 'idx_dataset_answers_dataset', table: 'dataset_answers', columns: [{ name: 'dataset_id' }], method: 'BTREE', unique: false, purpose: 'Scoring lookup', range: lines.take() },
    { name: 'idx_dataset_answers_item', table: 'dataset_answers', columns: [{ name: 'item_id' }], method: 'HASH', unique: false, purpose: 'Answer per item', range: lines.take() },
  ];

  model.foreignKeys = [
    { name: 'fk_task_dataset', table: 'tasks', columns: ['dataset_id'], refTable: 'datasets', refColumns: ['id'], onDelete: 'RESTRICT', range: lines.take() },
    { name: 'fk_item_dataset', table: 'dataset_items', columns: ['dataset_id'], refTable: 'datasets', refColumns: ['id'], onDelete: 'CASCADE', range: lines.take() },
    { name: 'fk_answer_dataset', table: 'dataset_answers', columns: ['dataset_id'], refTable: 'datasets', refColumns: ['id'], onDelete: 'CASCADE', range: lines.take() },
    { name: 'fk_answer_item', table: 'dataset_answers', columns: ['item_id'], refTable: 'dataset_items', refColumns: ['id'], onDelete: 'CASCADE', onUpdate: 'CASCADE', range: lines.take() },
    { name: 'fk_submission_task', table: 'submissions', columns: ['task_id'], refTable: 'tasks', refColumns: ['id'], onDelete: 'RESTRICT', range: lines.take() },
    { name: 'fk_submission_user', table: 'submissions', columns: ['user_id'], refTable: 'users', refColumns: ['id'], onDelete: 'RESTRICT', range: lines.take() },
  ];

  model.checks = [
    { name: 'chk_user_role', table: 'users', expression: "role IN ('annotator', 'administrator')", range: lines.take() },
    { name: 'chk_task_status', table: 'tasks', expression: "status IN ('draft', 'active', 'closed')", range: lines.take() },
    { name: 'chk_submission_status', table: 'submissions', expression: "status IN ('queued', 'processing', 'completed', 'failed')", range: lines.take() },
    { name: 'chk_submission_score', table: 'submissions', expression: 'score IS NULL OR (score >= 0.0 AND score <= 1.0)', range: lines.take() },
  ];

  model.roles = ['Annotator', 'Admin'];
  const security = (table: string, sensitivity: 'Low' | 'Medium' | 'CRITICAL', annotator: string) => ({
    table,
    sensitivity,
    access: accessMap({ Annotator: annotator, Admin: 'Full' }),
    range: lines.take(),
  });
  model.security = [
    security('users', 'Medium', 'Own record only'),
    security('tasks', 'Low', 'Read (assigned)'),
    security('datasets', 'Low', 'Read (metadata)'),
    security('dataset_items', 'Low', 'Read'),
    security('dataset_answers', 'CRITICAL', 'NONE'),
    security('submissions', 'Medium', 'Own records'),
  ];
  model.audit = {
    columns: ['created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()', 'updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()'],
    note: 'Use a PostgreSQL trigger or SQLAlchemy onupdate to keep updated_at current.',
    range: lines.take(),
  };
  // As the reader does once the whole document is read.
  resolveOwners(model);
  return model;
}

/** The element of `model` at `range`'s line, for assertions that read like the document. */
export function lineOf(range: SourceRange | undefined): number {
  return range?.start.line ?? -1;
}
