/**
 * The analyst studio's record of versions. `deployments` is one row per
 * deployment the application made through the engine port (at start from the
 * baseline files, or from the studio): who, when, why, and where it came
 * from; `deployment_resources` holds each resource's original
 * (Zeebe-flavoured) source with the key and version the engine gave it.
 * `studio_drafts` keeps analysts' unsaved work, `studio_conflicts` the
 * baseline files that changed while an analyst's version was the newest.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('deployments', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    // baseline (a file of processes/ or forms/), studio, rollback
    origin: { type: DataTypes.STRING(16), allowNull: false },
    accountId: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'accounts', key: 'id' }, onDelete: 'SET NULL' },
    actorName: { type: DataTypes.STRING(64), allowNull: true },
    comment: { type: DataTypes.TEXT, allowNull: false },
    engine: { type: DataTypes.STRING(16), allowNull: false },
    // The engine's deployment key (Zeebe 64-bit, Operaton UUID).
    engineKey: { type: DataTypes.STRING(64), allowNull: false },
    // What changed against the version it replaced: added, removed, changed elements and fields.
    diffSummary: { type: DataTypes.JSON, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });

  await qi.createTable('deployment_resources', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    deploymentId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'deployments', key: 'id' }, onDelete: 'CASCADE' },
    // process / form
    kind: { type: DataTypes.STRING(8), allowNull: false },
    // bpmnProcessId or formId
    resourceId: { type: DataTypes.STRING(255), allowNull: false },
    resourceName: { type: DataTypes.STRING(255), allowNull: false },
    name: { type: DataTypes.STRING(255), allowNull: true },
    source: { type: DataTypes.TEXT, allowNull: false },
    checksum: { type: DataTypes.STRING(64), allowNull: false },
    // The checksum of the baseline file this source is (baseline) or was last reconciled with.
    baselineChecksum: { type: DataTypes.STRING(64), allowNull: true },
    version: { type: DataTypes.INTEGER, allowNull: false },
    // processDefinitionKey or formKey
    engineKey: { type: DataTypes.STRING(64), allowNull: false },
    // Whether this row made a new engine version (false: the engine kept an identical one).
    created: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('deployment_resources', ['kind', 'resourceId', 'version'], { name: 'deployment_resources_version' });
  await qi.addIndex('deployment_resources', ['deploymentId'], { name: 'deployment_resources_deployment' });

  await qi.createTable('studio_drafts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    kind: { type: DataTypes.STRING(8), allowNull: false },
    resourceId: { type: DataTypes.STRING(255), allowNull: false },
    title: { type: DataTypes.STRING(200), allowNull: false },
    source: { type: DataTypes.TEXT, allowNull: false },
    // The engine version the draft was opened from.
    baseVersion: { type: DataTypes.INTEGER, allowNull: false },
    accountId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'accounts', key: 'id' }, onDelete: 'CASCADE' },
    actorName: { type: DataTypes.STRING(64), allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
    updatedAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('studio_drafts', ['kind', 'resourceId'], { name: 'studio_drafts_resource' });

  await qi.createTable('studio_conflicts', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    kind: { type: DataTypes.STRING(8), allowNull: false },
    resourceId: { type: DataTypes.STRING(255), allowNull: false },
    resourceName: { type: DataTypes.STRING(255), allowNull: false },
    baselineSource: { type: DataTypes.TEXT, allowNull: false },
    baselineChecksum: { type: DataTypes.STRING(64), allowNull: false },
    // The studio version that stayed the newest.
    studioVersion: { type: DataTypes.INTEGER, allowNull: false },
    // open / kept-studio / took-baseline
    status: { type: DataTypes.STRING(16), allowNull: false },
    resolvedBy: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'accounts', key: 'id' }, onDelete: 'SET NULL' },
    resolvedAt: { type: DataTypes.DATE, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('studio_conflicts', ['kind', 'resourceId', 'baselineChecksum'], { unique: true, name: 'studio_conflicts_unique' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('studio_conflicts');
  await qi.dropTable('studio_drafts');
  await qi.dropTable('deployment_resources');
  await qi.dropTable('deployments');
}
