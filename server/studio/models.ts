/** The tables of migration 0009: deployments and their resources, drafts, baseline conflicts. */
import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type ResourceKind = 'process' | 'form';
/** Where a deployed source came from: a baseline file, the studio, an earlier version deployed again, or a start that had to redeploy. */
export type DeploymentOrigin = 'baseline' | 'studio' | 'rollback' | 'startup';
export type ConflictStatus = 'open' | 'kept-studio' | 'took-baseline';

export interface DiffSummary {
  resourceId: string;
  kind: ResourceKind;
  fromVersion: number | null;
  added: Array<{ id: string; name: string }>;
  removed: Array<{ id: string; name: string }>;
  changed: Array<{ id: string; name: string }>;
}

export class DeploymentRecord extends Model<InferAttributes<DeploymentRecord>, InferCreationAttributes<DeploymentRecord>> {
  declare id: CreationOptional<number>;
  declare origin: DeploymentOrigin;
  declare accountId: number | null;
  declare actorName: string | null;
  declare comment: string;
  declare engine: string;
  declare engineKey: string;
  declare diffSummary: DiffSummary[] | null;
  declare createdAt: Date;
}

export class DeploymentResource extends Model<InferAttributes<DeploymentResource>, InferCreationAttributes<DeploymentResource>> {
  declare id: CreationOptional<number>;
  declare deploymentId: number;
  declare kind: ResourceKind;
  declare resourceId: string;
  declare resourceName: string;
  declare name: string | null;
  declare source: string;
  declare checksum: string;
  declare baselineChecksum: string | null;
  declare version: number;
  declare engineKey: string;
  declare created: boolean;
  declare createdAt: Date;
}

export class StudioDraft extends Model<InferAttributes<StudioDraft>, InferCreationAttributes<StudioDraft>> {
  declare id: CreationOptional<number>;
  declare kind: ResourceKind;
  declare resourceId: string;
  declare title: string;
  declare source: string;
  declare baseVersion: number;
  declare accountId: number;
  declare actorName: string | null;
  declare createdAt: Date;
  declare updatedAt: Date;
}

export class StudioConflict extends Model<InferAttributes<StudioConflict>, InferCreationAttributes<StudioConflict>> {
  declare id: CreationOptional<number>;
  declare kind: ResourceKind;
  declare resourceId: string;
  declare resourceName: string;
  declare baselineSource: string;
  declare baselineChecksum: string;
  declare studioVersion: number;
  declare status: ConflictStatus;
  declare resolvedBy: number | null;
  declare resolvedAt: Date | null;
  declare createdAt: Date;
}

export interface StudioModels {
  DeploymentRecord: typeof DeploymentRecord;
  DeploymentResource: typeof DeploymentResource;
  StudioDraft: typeof StudioDraft;
  StudioConflict: typeof StudioConflict;
}

export function defineStudioModels(sequelize: Sequelize): StudioModels {
  DeploymentRecord.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      origin: { type: DataTypes.STRING(16), allowNull: false },
      accountId: DataTypes.INTEGER,
      actorName: DataTypes.STRING(64),
      comment: { type: DataTypes.TEXT, allowNull: false },
      engine: { type: DataTypes.STRING(16), allowNull: false },
      engineKey: { type: DataTypes.STRING(64), allowNull: false },
      diffSummary: DataTypes.JSON,
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'deployments', timestamps: false },
  );
  DeploymentResource.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      deploymentId: { type: DataTypes.INTEGER, allowNull: false },
      kind: { type: DataTypes.STRING(8), allowNull: false },
      resourceId: { type: DataTypes.STRING(255), allowNull: false },
      resourceName: { type: DataTypes.STRING(255), allowNull: false },
      name: DataTypes.STRING(255),
      source: { type: DataTypes.TEXT, allowNull: false },
      checksum: { type: DataTypes.STRING(64), allowNull: false },
      baselineChecksum: DataTypes.STRING(64),
      version: { type: DataTypes.INTEGER, allowNull: false },
      engineKey: { type: DataTypes.STRING(64), allowNull: false },
      created: { type: DataTypes.BOOLEAN, allowNull: false },
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'deployment_resources', timestamps: false },
  );
  StudioDraft.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      kind: { type: DataTypes.STRING(8), allowNull: false },
      resourceId: { type: DataTypes.STRING(255), allowNull: false },
      title: { type: DataTypes.STRING(200), allowNull: false },
      source: { type: DataTypes.TEXT, allowNull: false },
      baseVersion: { type: DataTypes.INTEGER, allowNull: false },
      accountId: { type: DataTypes.INTEGER, allowNull: false },
      actorName: DataTypes.STRING(64),
      createdAt: { type: DataTypes.DATE, allowNull: false },
      updatedAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'studio_drafts', timestamps: false },
  );
  StudioConflict.init(
    {
      id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
      kind: { type: DataTypes.STRING(8), allowNull: false },
      resourceId: { type: DataTypes.STRING(255), allowNull: false },
      resourceName: { type: DataTypes.STRING(255), allowNull: false },
      baselineSource: { type: DataTypes.TEXT, allowNull: false },
      baselineChecksum: { type: DataTypes.STRING(64), allowNull: false },
      studioVersion: { type: DataTypes.INTEGER, allowNull: false },
      status: { type: DataTypes.STRING(16), allowNull: false },
      resolvedBy: DataTypes.INTEGER,
      resolvedAt: DataTypes.DATE,
      createdAt: { type: DataTypes.DATE, allowNull: false },
    },
    { sequelize, tableName: 'studio_conflicts', timestamps: false },
  );
  return { DeploymentRecord, DeploymentResource, StudioDraft, StudioConflict };
}
