/**
 * The embedded engine's element history: one row per element an instance
 * left, so the monitor can show which elements a running or finished
 * instance passed through (Operaton keeps its own history).
 */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('engine_element_history', {
    key: { type: DataTypes.BIGINT, primaryKey: true, allowNull: false },
    process_instance_key: { type: DataTypes.BIGINT, allowNull: false },
    element_id: { type: DataTypes.STRING(255), allowNull: false },
    left_at: { type: DataTypes.BIGINT, allowNull: false },
  });
  await qi.addIndex('engine_element_history', ['process_instance_key'], { name: 'engine_element_history_instance' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('engine_element_history');
}
