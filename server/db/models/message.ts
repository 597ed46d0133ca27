import { DataTypes, Model, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';

/** account: staff (reviewers and their supervisors), for reminders and escalations. */
export type RecipientKind = 'person' | 'enterprise' | 'account';

/** 我的消息: a notice of a state change, to a person or an enterprise. */
export class Message extends Model<InferAttributes<Message>, InferCreationAttributes<Message>> {
  declare id: CreationOptional<number>;
  declare recipientKind: RecipientKind;
  declare recipientId: number;
  declare applicationId: number | null;
  declare title: string;
  declare body: string;
  declare opinion: string | null;
  declare readAt: Date | null;
  declare dedupeKey: string | null;
  declare createdAt: CreationOptional<Date>;
  declare updatedAt: CreationOptional<Date>;

  static initModel(sequelize: Sequelize): void {
    Message.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        recipientKind: { type: DataTypes.STRING(16), allowNull: false },
        recipientId: { type: DataTypes.INTEGER, allowNull: false },
        applicationId: DataTypes.INTEGER,
        title: { type: DataTypes.STRING(255), allowNull: false },
        body: { type: DataTypes.TEXT, allowNull: false },
        opinion: DataTypes.TEXT,
        readAt: DataTypes.DATE,
        dedupeKey: DataTypes.STRING(128),
        createdAt: DataTypes.DATE,
        updatedAt: DataTypes.DATE,
      },
      { sequelize, tableName: 'messages' },
    );
  }
}
