/**
 * Hand-built data models for the Markdown reader/writer tests and the timing script:
 * every feature the format can state, and a generator for large documents.
 */
import type { Column, DataModel, Entity } from '../../server/src/model/types';
import { emptyModel } from '../../server/src/model/util';
import { diagramEntityFor, diagramNameFor } from '../../server/src/mermaid/diagram';
import { accessMap, resolveOwners } from '../../server/src/model/access';

function column(name: string, type: string, extra: Partial<Column> = {}): Column {
  return { name, type, nullable: false, description: '', primaryKey: false, unique: false, foreignKey: false, ...extra };
}

/** A model using every feature: unique and partial indexes, ON UPDATE, sensitivity, notes, quoting, pipes. */
export function featureModel(): DataModel {
  const model = emptyModel();
  model.header = {
    domain: 'Orders & Payments',
    database: 'PostgreSQL 16',
    orm: 'Prisma',
    date: '2026-01-31',
    specReference: 'specs/007-orders/spec.md',
  };
  const customers: Entity = {
    name: 'customers',
    columns: [
      column('id', 'BIGSERIAL', { primaryKey: true, default: 'auto', description: 'Customer ID' }),
      column('email', 'CITEXT', { unique: true, description: 'Login e-mail', sensitivity: 'High' }),
      column('card_token', 'VARCHAR(128)', { nullable: true, default: 'NULL', description: 'Tokenised card', sensitivity: 'CRITICAL' }),
      column('phone', 'VARCHAR(32)', { nullable: true, description: 'Phone | mobile or landline', sensitivity: 'Medium' }),
      column('Order', 'INT', { nullable: true, description: 'A column whose name needs quotes in SQL' }),
      column('status', 'VARCHAR(16)', { default: "'active'", description: "'active' \\| 'closed'" }),
    ],
    notes: ['TODO: confirm retention period for phone numbers.', 'Customers are never deleted, only closed.\nClosing keeps their orders.'],
    securityNote: '`card_token` is readable only by the payments service.',
  };
  const orders: Entity = {
    name: 'orders',
    columns: [
      column('id', 'BIGSERIAL', { primaryKey: true, default: 'auto', description: 'Order ID' }),
      column('customer_id', 'BIGINT', { foreignKey: true, description: 'References customers.id' }),
      column('total', 'NUMERIC(12, 2)', { default: '0', description: 'Total in cents — rounded' }),
      column('placed_at', 'TIMESTAMPTZ', { default: 'NOW()', description: '' }),
      column('ref', 'UUID', { primaryKey: true, foreignKey: true, unique: true, description: 'Odd but legal: all three markers' }),
    ],
    notes: [],
  };
  const userTable: Entity = {
    name: 'user',
    columns: [column('id', 'SERIAL', { primaryKey: true, default: 'auto', description: 'Reserved-word table name' })],
    notes: [],
  };
  model.entities = [customers, orders, userTable];
  model.diagram.entities = model.entities.map(diagramEntityFor);
  model.diagram.entities[0]!.attributes[1]!.comment = 'login e-mail';
  model.diagram.entities.push({ name: 'Audit Log', attributes: [{ type: 'text', name: 'entry', keys: [], comment: '' }] });
  model.diagram.relationships = [
    { left: diagramNameFor('customers'), right: diagramNameFor('orders'), leftCardinality: 'exactly-one', rightCardinality: 'zero-or-more', identifying: true, label: 'places' },
    { left: 'ORDERS', right: 'USER', leftCardinality: 'zero-or-one', rightCardinality: 'one-or-more', identifying: false, label: 'touched by' },
    { left: 'USER', right: 'Audit Log', leftCardinality: 'one-or-more', rightCardinality: 'zero-or-one', identifying: false, label: '' },
  ];
  model.indexes = [
    { name: 'idx_orders_customer', table: 'orders', columns: [{ name: 'customer_id' }, { name: 'placed_at', direction: 'DESC' }], method: 'BTREE', unique: false, purpose: 'Order history' },
    { name: 'uq_customers_email', table: 'customers', columns: [{ name: 'lower(email)' }], method: 'BTREE', unique: true, purpose: 'One account per e-mail' },
    { name: 'idx_customers_open', table: 'customers', columns: [{ name: 'status', direction: 'ASC' }], method: 'BTREE', unique: false, where: "status <> 'closed'", purpose: 'Open accounts only' },
    { name: 'idx_orders_meta', table: 'orders', columns: [{ name: 'ref' }], method: 'GIN', unique: false, purpose: 'a | b lookups' },
  ];
  model.foreignKeys = [
    { name: 'fk_order_customer', table: 'orders', columns: ['customer_id'], refTable: 'customers', refColumns: ['id'], onDelete: 'RESTRICT', onUpdate: 'CASCADE' },
    { name: 'fk_user_order', table: 'user', columns: ['Order'], refTable: 'orders', refColumns: ['id'] },
    { name: 'fk_explicit_no_action', table: 'orders', columns: ['ref', 'customer_id'], refTable: 'billing.refs', refColumns: ['ref', 'owner'], onDelete: 'NO ACTION', onUpdate: 'SET NULL' },
    { name: '', table: 'orders', columns: ['customer_id'], refTable: 'customers', refColumns: ['id'], onDelete: 'SET DEFAULT' },
  ];
  model.checks = [
    { name: 'chk_total', table: 'orders', expression: 'total >= 0' },
    { name: 'chk_status', table: 'customers', expression: "status IN ('active', 'closed') AND (phone IS NULL OR phone <> '(none)')" },
    { name: 'chk_unicode', table: 'customers', expression: "email <> 'é—😀ü' AND \"Order\" > 0" },
  ];
  model.roles = ['Customer', 'Support', 'Admin'];
  model.security = [
    { table: 'customers', sensitivity: 'High', access: accessMap({ Customer: 'Own record', Support: 'Read (masked)', Admin: 'Full' }) },
    { table: 'orders', sensitivity: 'Medium', access: accessMap({ Customer: 'Own records', Admin: 'Full' }) },
    { table: 'user', sensitivity: 'CRITICAL', access: accessMap({ Customer: 'NONE', Support: 'NONE', Admin: 'Full | audited' }) },
    { table: 'audit_log', sensitivity: 'Low', access: {} },
  ];
  model.typeGuidelines = [
    { useCase: 'Money', postgresType: 'NUMERIC(12, 2)', ormType: 'Decimal', notes: 'Never FLOAT' },
    { useCase: 'Flags', postgresType: 'BOOLEAN', ormType: 'Boolean', notes: '' },
  ];
  model.audit = {
    columns: ['created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()', 'updated_at TIMESTAMPTZ NOT NULL DEFAULT NOW()', 'amount NUMERIC(10, 2)'],
    note: 'Keep updated_at current with a trigger.\n\nNever update created_at.',
  };
  // Owner columns are found once the whole model is there, as the reader does.
  resolveOwners(model);
  return model;
}

/**
 * A model of `tables` tables with `columnsPerTable` columns each, a foreign key, a check,
 * an index and a security row per table: 300 × 9 writes about 10,000 lines.
 */
export function largeModel(tables: number, columnsPerTable: number): DataModel {
  const model = emptyModel();
  model.header = { domain: 'Large', database: 'PostgreSQL', orm: 'SQLAlchemy (async)', date: '2026-01-01', specReference: 'specs/999-large/spec.md' };
  model.roles = ['Annotator', 'Admin'];
  for (let t = 0; t < tables; t++) {
    const name = `table_${t}`;
    const columns: Column[] = [column('id', 'SERIAL', { primaryKey: true, default: 'auto', description: 'Row ID' })];
    if (t > 0) columns.push(column('parent_id', 'INT', { foreignKey: true, description: `References table_${t - 1}.id` }));
    for (let c = columns.length; c < columnsPerTable; c++) {
      columns.push(column(`column_${c}`, c % 3 === 0 ? 'TEXT' : 'VARCHAR(64)', { nullable: c % 2 === 0, description: `Column ${c} of ${name}` }));
    }
    const entity: Entity = { name, columns, notes: [`Table ${t} of the generated model.`] };
    model.entities.push(entity);
    model.diagram.entities.push(diagramEntityFor(entity));
    if (t > 0) {
      model.diagram.relationships.push({ left: diagramNameFor(`table_${t - 1}`), right: diagramNameFor(name), leftCardinality: 'exactly-one', rightCardinality: 'zero-or-more', identifying: true, label: 'parent of' });
      model.foreignKeys.push({ name: `fk_${name}_parent`, table: name, columns: ['parent_id'], refTable: `table_${t - 1}`, refColumns: ['id'], onDelete: 'RESTRICT' });
      model.indexes.push({ name: `idx_${name}_parent`, table: name, columns: [{ name: 'parent_id' }], method: 'BTREE', unique: false, purpose: 'Foreign key lookup' });
    }
    model.checks.push({ name: `chk_${name}_text`, table: name, expression: `column_3 IS NULL OR length(column_3) < 1000` });
    model.security.push({ table: name, sensitivity: t % 10 === 0 ? 'CRITICAL' : 'Low', access: accessMap({ Annotator: t % 10 === 0 ? 'NONE' : 'Read', Admin: 'Full' }) });
  }
  model.audit = { columns: ['created_at TIMESTAMPTZ NOT NULL DEFAULT NOW()'], note: 'Generated.' };
  return model;
}
