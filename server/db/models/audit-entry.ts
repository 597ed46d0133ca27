import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** One line of the audit log: who did what to which record, when. */
export class AuditEntry extends Model<InferAttributes<AuditEntry>, InferCreationAttributes<AuditEntry>> {
  declare id: CreationOptional<number>;
  declare at: Date;
  declare actorAccountId: number | null;
  declare actorName: string | null;
  declare action: string;
  declare entityType: string;
  declare entityId: string;
  declare detail: Record<string, unknown> | null;
  declare dedupeKey: string | null;

  static initModel(sequelize: Sequelize): void {
    AuditEntry.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        at: { type: DataTypes.DATE, allowNull: false },
        actorAccountId: DataTypes.INTEGER,
        actorName: DataTypes.STRING(64),
        action: { type: DataTypes.STRING(64), allowNull: false },
        entityType: { type: DataTypes.STRING(32), allowNull: false },
        entityId: { type: DataTypes.STRING(128), allowNull: false },
        detail: DataTypes.JSON,
        dedupeKey: DataTypes.STRING(128),
      },
      { sequelize, tableName: 'audit_log', timestamps: false },
    );
  }
}
