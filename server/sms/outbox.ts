/**
 * The development SMS adapter: every message goes into `sms_outbox` instead
 * of a gateway, and the development page /dev/sms-outbox lists them, so a
 * demo user (or a test) can read the verification code it was "sent".
 */
import { DataTypes, Model, Op, type CreationOptional, type InferAttributes, type InferCreationAttributes, type Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { SmsMessage, SmsPort } from './port.js';

export class SmsOutboxMessage extends Model<InferAttributes<SmsOutboxMessage>, InferCreationAttributes<SmsOutboxMessage>> {
  declare id: CreationOptional<number>;
  declare phone: string;
  declare purpose: string;
  declare text: string;
  declare createdAt: Date;

  static initModel(sequelize: Sequelize): void {
    SmsOutboxMessage.init(
      {
        id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true },
        phone: { type: DataTypes.STRING(16), allowNull: false },
        purpose: { type: DataTypes.STRING(32), allowNull: false },
        text: { type: DataTypes.STRING(500), allowNull: false },
        createdAt: { type: DataTypes.DATE, allowNull: false },
      },
      { sequelize, tableName: 'sms_outbox', updatedAt: false, createdAt: false },
    );
  }
}

export class OutboxSms implements SmsPort {
  constructor(private readonly deps: { sequelize: Sequelize; clock: Clock }) {
    SmsOutboxMessage.initModel(deps.sequelize);
  }

  async send(message: SmsMessage): Promise<void> {
    await SmsOutboxMessage.create({ ...message, createdAt: this.deps.clock.now() });
  }

  /** The newest messages, to one phone or to all. */
  latest(limit = 50, phone?: string): Promise<SmsOutboxMessage[]> {
    return SmsOutboxMessage.findAll({
      where: phone ? { phone: { [Op.eq]: phone } } : {},
      order: [['createdAt', 'DESC'], ['id', 'DESC']],
      limit,
    });
  }
}
