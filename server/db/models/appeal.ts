import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type AppealStatus = '待申辩' | '已申辩' | '已处理';

/** 申辩: an anomaly found by a check that the person (or employer) may answer. */
export class Appeal extends Model<InferAttributes<Appeal>, InferCreationAttributes<Appeal>> {
  declare id: CreationOptional<number>;
  declare applicationId: number | null;
  declare personId: number;
  declare enterpriseId: number | null;
  declare kind: string;
  declare reason: string;
  declare statement: string | null;
  declare status: AppealStatus;
  declare respondedAt: Date | null;
  declare dedupeKey: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Appeal.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        applicationId: DataTypes.INTEGER,
        personId: { type: DataTypes.INTEGER, allowNull: false },
        enterpriseId: DataTypes.INTEGER,
        kind: { type: DataTypes.STRING(32), allowNull: false },
        reason: { type: DataTypes.TEXT, allowNull: false },
        statement: DataTypes.TEXT,
        status: { type: DataTypes.STRING(16), allowNull: false },
        respondedAt: DataTypes.DATE,
        dedupeKey: DataTypes.STRING(128),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'appeals' },
    );
  }
}
