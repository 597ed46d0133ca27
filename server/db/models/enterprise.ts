import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export type EnterpriseKind = '一般' | '检测单位' | '施工图审查机构';

/** An employer (聘用企业), bound to one 统一社会信用代码. */
export class Enterprise extends Model<InferAttributes<Enterprise>, InferCreationAttributes<Enterprise>> {
  declare id: CreationOptional<number>;
  declare creditCode: string;
  declare name: string;
  declare legalRepresentative: string | null;
  declare province: string;
  declare city: string | null;
  declare address: string | null;
  declare industry: string | null;
  declare kind: CreationOptional<EnterpriseKind>;
  declare contactName: string | null;
  declare contactPhone: string | null;
  declare basicInfoSavedAt: Date | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Enterprise.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        creditCode: { type: DataTypes.STRING(18), allowNull: false },
        name: { type: DataTypes.STRING(128), allowNull: false },
        legalRepresentative: DataTypes.STRING(64),
        province: { type: DataTypes.STRING(2), allowNull: false },
        city: DataTypes.STRING(64),
        address: DataTypes.STRING(255),
        industry: DataTypes.STRING(64),
        kind: { type: DataTypes.STRING(32), allowNull: false, defaultValue: '一般' },
        contactName: DataTypes.STRING(64),
        contactPhone: DataTypes.STRING(16),
        basicInfoSavedAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'enterprises' },
    );
  }
}

/** A qualification certificate (资质证书) of an employer in one industry. */
export class EnterpriseQualification extends Model<
  InferAttributes<EnterpriseQualification>,
  InferCreationAttributes<EnterpriseQualification>
> {
  declare id: CreationOptional<number>;
  declare enterpriseId: number;
  declare industry: string;
  declare certificateNumber: string;
  declare grade: string | null;
  declare validUntil: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    EnterpriseQualification.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        enterpriseId: { type: DataTypes.INTEGER, allowNull: false },
        industry: { type: DataTypes.STRING(64), allowNull: false },
        certificateNumber: { type: DataTypes.STRING(64), allowNull: false },
        grade: DataTypes.STRING(32),
        validUntil: DataTypes.DATEONLY,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'enterprise_qualifications' },
    );
  }
}
