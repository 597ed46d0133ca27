/** The adapter's own tables (server/db/migrations/0006-operaton-engine.ts), bound to the application's database. */
import { DataTypes, type Model, type ModelStatic, type Sequelize } from 'sequelize';

export interface BufferedMessage {
  id: number;
  name: string;
  correlationKey: string;
  messageId: string | null;
  variables: string;
  expiresAt: Date;
  correlatedAt: Date | null;
  createdAt: Date;
}

export interface FormVersion {
  formKey: string;
  formId: string;
  version: number;
  checksum: string;
  deploymentId: string;
  createdAt: Date;
}

export interface OperatonTables {
  messages: ModelStatic<Model<BufferedMessage, Partial<BufferedMessage>>>;
  forms: ModelStatic<Model<FormVersion, FormVersion>>;
}

export function operatonTables(sequelize: Sequelize): OperatonTables {
  const messages =
    sequelize.models.OperatonMessage ??
    sequelize.define(
      'OperatonMessage',
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        name: DataTypes.STRING(255),
        correlationKey: DataTypes.STRING(255),
        messageId: DataTypes.STRING(255),
        variables: DataTypes.TEXT,
        expiresAt: DataTypes.DATE,
        correlatedAt: DataTypes.DATE,
        createdAt: DataTypes.DATE,
      },
      { tableName: 'operaton_messages', timestamps: false },
    );
  const forms =
    sequelize.models.OperatonForm ??
    sequelize.define(
      'OperatonForm',
      {
        formKey: { type: DataTypes.STRING(128), primaryKey: true },
        formId: DataTypes.STRING(255),
        version: DataTypes.INTEGER,
        checksum: DataTypes.STRING(64),
        deploymentId: DataTypes.STRING(128),
        createdAt: DataTypes.DATE,
      },
      { tableName: 'operaton_forms', timestamps: false },
    );
  return { messages, forms } as unknown as OperatonTables;
}
