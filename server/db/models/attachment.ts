import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** File bytes, stored once per content hash. */
export class AttachmentContent extends Model<InferAttributes<AttachmentContent>, InferCreationAttributes<AttachmentContent>> {
  declare sha256: string;
  declare content: Buffer;
  declare createdAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    AttachmentContent.init(
      {
        sha256: { type: DataTypes.STRING(64), primaryKey: true },
        content: { type: DataTypes.BLOB, allowNull: false },
        createdAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'attachment_contents', updatedAt: false },
    );
  }
}

/** An uploaded file: photo, signature, 解聘证明, evidence … */
export class Attachment extends Model<InferAttributes<Attachment>, InferCreationAttributes<Attachment>> {
  declare id: CreationOptional<number>;
  declare kind: string;
  declare fileName: string;
  declare mimeType: string;
  declare size: number;
  declare sha256: string;
  declare width: number | null;
  declare height: number | null;
  declare personId: number | null;
  declare enterpriseId: number | null;
  declare applicationId: number | null;
  declare uploadedBy: number | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Attachment.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        kind: { type: DataTypes.STRING(32), allowNull: false },
        fileName: { type: DataTypes.STRING(255), allowNull: false },
        mimeType: { type: DataTypes.STRING(64), allowNull: false },
        size: { type: DataTypes.INTEGER, allowNull: false },
        sha256: { type: DataTypes.STRING(64), allowNull: false },
        width: DataTypes.INTEGER,
        height: DataTypes.INTEGER,
        personId: DataTypes.INTEGER,
        enterpriseId: DataTypes.INTEGER,
        applicationId: DataTypes.INTEGER,
        uploadedBy: DataTypes.INTEGER,
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'attachments' },
    );
  }
}
