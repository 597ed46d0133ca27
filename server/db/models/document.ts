import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** A generated PDF (certificate, notice, announcement) with its verification code. */
export class Document extends Model<InferAttributes<Document>, InferCreationAttributes<Document>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  declare number: string;
  declare verificationCode: string;
  declare applicationId: number | null;
  declare personId: number | null;
  declare fileName: string;
  declare sha256: string;
  declare size: number;
  declare dedupeKey: string | null;
  /** A certificate replaced by a later one (supersededById) or voided by a cancellation (null id). */
  declare supersededAt: CreationOptional<Date | null>;
  declare supersededById: CreationOptional<number | null>;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Document.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        number: { type: DataTypes.STRING(64), allowNull: false },
        verificationCode: { type: DataTypes.STRING(64), allowNull: false },
        applicationId: DataTypes.INTEGER,
        personId: DataTypes.INTEGER,
        fileName: { type: DataTypes.STRING(255), allowNull: false },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        size: { type: DataTypes.INTEGER, allowNull: false },
        dedupeKey: DataTypes.STRING(128),
        supersededAt: DataTypes.DATE,
        supersededById: DataTypes.INTEGER,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'documents' },
    );
  }
}
