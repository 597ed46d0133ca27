/**
 * What the effect workers need beyond the domain tables: marks on inbox tasks
 * that a reminder or an escalation reached them, certificates that a later
 * one replaced, and the counters the authority's numbers (注册号, 执业印章号)
 * are drawn from, so a number is taken inside the transaction that writes
 * the registration and a retried job never takes a second one.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const date = { type: DataTypes.DATE, allowNull: true };

const COLUMNS: Array<[table: string, column: string, definition: { type: unknown; allowNull: boolean }]> = [
  ['inbox_tasks', 'remindedAt', date],
  ['inbox_tasks', 'escalatedAt', date],
  ['documents', 'supersededAt', date],
  ['documents', 'supersededById', { type: DataTypes.INTEGER, allowNull: true }],
];

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [table, column, definition] of COLUMNS) {
    await qi.addColumn(table, column, definition as Parameters<QueryInterface['addColumn']>[2]);
  }
  // scope: which sequence, e.g. "registration:JG33202600" or "seal:JG33-"; issued: the last number handed out.
  await qi.createTable('number_sequences', {
    scope: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    issued: { type: DataTypes.INTEGER, allowNull: false },
  });
  // Number assignment skips numbers already on a registration; certificates are superseded per person.
  await qi.addIndex('registrations', ['sealNumber'], { name: 'registrations_seal_number' });
  await qi.addIndex('documents', ['personId', 'kind'], { name: 'documents_person_kind' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('documents', 'documents_person_kind');
  await qi.removeIndex('registrations', 'registrations_seal_number');
  await qi.dropTable('number_sequences');
  // Plain DROP COLUMN (SQLite 3.35+, PostgreSQL): Sequelize's SQLite removeColumn
  // rebuilds the table, which loses its indexes and cascades deletes to children.
  for (const [table, column] of [...COLUMNS].reverse()) {
    await qi.sequelize.query(`ALTER TABLE ${qi.quoteIdentifier(table)} DROP COLUMN ${qi.quoteIdentifier(column)}`);
  }
}
