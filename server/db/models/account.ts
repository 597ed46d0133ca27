import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

export const ROLES = ['applicant', 'employer', 'provincial_reviewer', 'ministry_reviewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = {
  applicant: '个人',
  employer: '企业',
  provincial_reviewer: '省级审查人员',
  ministry_reviewer: '部级审查人员',
  analyst: '业务分析员',
  admin: '系统管理员',
};

/** A login. Applicants are bound to a person, employers to an enterprise, reviewers to a scope. */
export class Account extends Model<InferAttributes<Account>, InferCreationAttributes<Account>> {
  declare id: CreationOptional<number>;
  declare username: string;
  declare passwordHash: string;
  declare role: Role;
  declare displayName: string;
  declare personId: number | null;
  declare enterpriseId: number | null;
  declare province: string | null;
  /** Profession codes a reviewer may see; null means all. */
  declare professions: string[] | null;
  declare supervisorId: number | null;
  declare active: CreationOptional<boolean>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Account.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        username: { type: DataTypes.STRING(64), allowNull: false },
        passwordHash: { type: DataTypes.STRING(128), allowNull: false },
        role: { type: DataTypes.STRING(32), allowNull: false },
        displayName: { type: DataTypes.STRING(64), allowNull: false },
        personId: DataTypes.INTEGER,
        enterpriseId: DataTypes.INTEGER,
        province: DataTypes.STRING(2),
        professions: DataTypes.JSON,
        supervisorId: DataTypes.INTEGER,
        active: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: true },
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'accounts' },
    );
  }
}
