import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type RegistrationStatus = '已注册' | '预注册' | '已注销';

/** One specialty of one profession held by a person at an employer. */
export class Registration extends Model<InferAttributes<Registration>, InferCreationAttributes<Registration>> {
  declare id: CreationOptional<number>;
  declare personId: number;
  declare profession: string;
  declare specialty: string;
  declare enterpriseId: number;
  declare registrationNumber: string | null;
  declare sealNumber: string | null;
  declare validFrom: string | null;
  declare validTo: string | null;
  declare status: RegistrationStatus;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Registration.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        personId: { type: DataTypes.INTEGER, allowNull: false },
        profession: { type: DataTypes.STRING(32), allowNull: false },
        specialty: { type: DataTypes.STRING(64), allowNull: false },
        enterpriseId: { type: DataTypes.INTEGER, allowNull: false },
        registrationNumber: DataTypes.STRING(64),
        sealNumber: DataTypes.STRING(64),
        validFrom: DataTypes.DATEONLY,
        validTo: DataTypes.DATEONLY,
        status: { type: DataTypes.STRING(16), allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'registrations' },
    );
  }
}

/** Every change of a registration, with the state before and after. */
export class RegistrationHistory extends Model<
  InferAttributes<RegistrationHistory>,
  InferCreationAttributes<RegistrationHistory>
> {
  declare id: CreationOptional<number>;
  declare registrationId: number;
  declare applicationId: number | null;
  declare change: string;
  declare before: Record<string, unknown> | null;
  declare after: Record<string, unknown> | null;
  declare at: Date;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    RegistrationHistory.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        registrationId: { type: DataTypes.INTEGER, allowNull: false },
        applicationId: DataTypes.INTEGER,
        change: { type: DataTypes.STRING(32), allowNull: false },
        before: DataTypes.JSON,
        after: DataTypes.JSON,
        at: { type: DataTypes.DATE, allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'registration_history' },
    );
  }
}
