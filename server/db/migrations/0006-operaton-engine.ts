/**
 * The operaton adapter's tables, and engine keys wide enough for Operaton's
 * ids (UUIDs, and activity-instance ids that prefix the element id).
 * - operaton_messages: messages published with a time to live that no
 *   subscription took yet. Operaton has no message buffer (a correlation
 *   that finds nobody fails), so the adapter keeps Zeebe's promise itself.
 * - operaton_forms: the versions and keys of deployed forms. Operaton stores
 *   forms as deployment resources without a key a job could name, so the
 *   adapter numbers them per form id the way Zeebe does.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const KEY = 128;
const WIDENED: Array<[string, string, boolean]> = [
  ['applications', 'processInstanceKey', true],
  ['inbox_tasks', 'elementInstanceKey', false],
  ['inbox_tasks', 'jobKey', false],
  ['inbox_tasks', 'processInstanceKey', false],
  ['audit_log', 'entityId', false],
];

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  // SQLite does not enforce VARCHAR lengths, and rebuilding its tables to change one would drop their indexes.
  if (qi.sequelize.getDialect() === 'postgres') {
    for (const [table, column, allowNull] of WIDENED) await qi.changeColumn(table, column, { type: DataTypes.STRING(KEY), allowNull });
  }
  await qi.createTable('operaton_messages', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
    name: { type: DataTypes.STRING(255), allowNull: false },
    correlationKey: { type: DataTypes.STRING(255), allowNull: false },
    messageId: { type: DataTypes.STRING(255), allowNull: true },
    variables: { type: DataTypes.TEXT, allowNull: false },
    expiresAt: { type: DataTypes.DATE, allowNull: false },
    /** Set once it found its subscription; the row stays until it expires, so its id still deduplicates. */
    correlatedAt: { type: DataTypes.DATE, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('operaton_messages', ['messageId'], { unique: true, name: 'operaton_messages_id_unique' });
  await qi.addIndex('operaton_messages', ['expiresAt'], { name: 'operaton_messages_expiry' });
  await qi.createTable('operaton_forms', {
    formKey: { type: DataTypes.STRING(KEY), primaryKey: true },
    formId: { type: DataTypes.STRING(255), allowNull: false },
    version: { type: DataTypes.INTEGER, allowNull: false },
    checksum: { type: DataTypes.STRING(64), allowNull: false },
    deploymentId: { type: DataTypes.STRING(KEY), allowNull: false },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('operaton_forms', ['formId', 'version'], { unique: true, name: 'operaton_forms_version_unique' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('operaton_forms');
  await qi.dropTable('operaton_messages');
  if (qi.sequelize.getDialect() === 'postgres') {
    for (const [table, column, allowNull] of WIDENED) await qi.changeColumn(table, column, { type: DataTypes.STRING(32), allowNull });
  }
}
