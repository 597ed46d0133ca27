import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A natural person known to the system: applicants and every registered professional. */
export class Person extends Model<InferAttributes<Person>, InferCreationAttributes<Person>> {
  declare id: CreationOptional<number>;
  declare idType: CreationOptional<string>;
  declare idNumber: string;
  declare name: string;
  declare sex: string | null;
  declare birthDate: string | null;
  declare ethnicity: string | null;
  declare mobile: string | null;
  declare email: string | null;
  declare education: string | null;
  /** 学位 (博士, 硕士, 学士, 无): changed directly by the person (rule 15). */
  declare degree: CreationOptional<string | null>;
  declare school: string | null;
  declare major: string | null;
  declare graduationDate: string | null;
  declare photoAttachmentId: number | null;
  declare signatureAttachmentId: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Person.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        idType: { type: DataTypes.STRING(16), allowNull: false, defaultValue: '身份证' },
        idNumber: { type: DataTypes.STRING(32), allowNull: false },
        name: { type: DataTypes.STRING(64), allowNull: false },
        sex: DataTypes.STRING(4),
        birthDate: DataTypes.DATEONLY,
        ethnicity: DataTypes.STRING(16),
        mobile: DataTypes.STRING(16),
        email: DataTypes.STRING(128),
        education: DataTypes.STRING(32),
        degree: DataTypes.STRING(16),
        school: DataTypes.STRING(128),
        major: DataTypes.STRING(128),
        graduationDate: DataTypes.DATEONLY,
        photoAttachmentId: DataTypes.INTEGER,
        signatureAttachmentId: DataTypes.INTEGER,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'persons' },
    );
  }
}
