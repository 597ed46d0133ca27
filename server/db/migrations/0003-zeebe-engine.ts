/**
 * The zeebe adapter's incident table. Zeebe names an incident's key only in
 * the records it exports (its gRPC API has no query), so the adapter keeps the
 * incident records its exporter sink receives, and answers listIncidents and
 * resolveIncident from here. Keys are strings: Zeebe's are 64-bit.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const key = (allowNull = false) => ({ type: DataTypes.STRING(20), allowNull });

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('zeebe_incidents', {
    incidentKey: { ...key(), primaryKey: true },
    processInstanceKey: key(),
    processDefinitionKey: key(),
    bpmnProcessId: { type: DataTypes.STRING(255), allowNull: false },
    elementId: { type: DataTypes.STRING(255), allowNull: false },
    elementInstanceKey: key(),
    jobKey: key(true),
    errorType: { type: DataTypes.STRING(64), allowNull: false },
    errorMessage: { type: DataTypes.TEXT, allowNull: false },
    createdAt: { type: DataTypes.DATE, allowNull: false },
    resolvedAt: { type: DataTypes.DATE, allowNull: true },
  });
  await qi.addIndex('zeebe_incidents', ['processInstanceKey', 'resolvedAt'], { name: 'zeebe_incidents_instance' });
  await qi.addIndex('zeebe_incidents', ['resolvedAt', 'createdAt'], { name: 'zeebe_incidents_open' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('zeebe_incidents');
}
