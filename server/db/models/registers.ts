import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A record of the qualification register (资格库): who may register for which specialty. */
export class Qualification extends Model<InferAttributes<Qualification>, InferCreationAttributes<Qualification>> {
  declare id: CreationOptional<number>;
  declare idNumber: string;
  declare name: string;
  declare profession: string;
  declare specialty: string;
  declare certificateNumber: string;
  declare approvalDate: string;
  /** 考试 / 考核认定 / 特许 */
  declare obtainedBy: string;
  declare year: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Qualification.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        idNumber: { type: DataTypes.STRING(32), allowNull: false },
        name: { type: DataTypes.STRING(64), allowNull: false },
        profession: { type: DataTypes.STRING(32), allowNull: false },
        specialty: { type: DataTypes.STRING(64), allowNull: false },
        certificateNumber: { type: DataTypes.STRING(64), allowNull: false },
        approvalDate: { type: DataTypes.DATEONLY, allowNull: false },
        obtainedBy: { type: DataTypes.STRING(16), allowNull: false },
        year: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'qualifications' },
    );
  }
}

/** Social-security contributions of a person at an employer (社保). */
export class SocialSecurityRecord extends Model<
  InferAttributes<SocialSecurityRecord>,
  InferCreationAttributes<SocialSecurityRecord>
> {
  declare id: CreationOptional<number>;
  declare idNumber: string;
  declare creditCode: string;
  /** YYYY-MM */
  declare firstMonth: string;
  declare lastMonth: string;
  declare monthsPaid: number;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    SocialSecurityRecord.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        idNumber: { type: DataTypes.STRING(32), allowNull: false },
        creditCode: { type: DataTypes.STRING(18), allowNull: false },
        firstMonth: { type: DataTypes.STRING(7), allowNull: false },
        lastMonth: { type: DataTypes.STRING(7), allowNull: false },
        monthsPaid: { type: DataTypes.INTEGER, allowNull: false },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'social_security_records' },
    );
  }
}
