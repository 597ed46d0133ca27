/**
 * The applicant's workbench: the person's 学位, the SMS port's development outbox (what the
 * development adapter "sends" is kept here, so a demo user can read the code)
 * and the verification codes sent through the port (hashed, with their
 * expiry, failed attempts and use), plus the indexes the applicant's pages
 * query: codes by account and phone, the outbox by phone and newest first.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  // 学位: one of the fields a person changes directly in 个人信息 (rule 15).
  await qi.addColumn('persons', 'degree', { type: DataTypes.STRING(16), allowNull: true });

  await qi.createTable('sms_outbox', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    phone: { type: DataTypes.STRING(16), allowNull: false },
    // verification-code, notice …
    purpose: { type: DataTypes.STRING(32), allowNull: false },
    text: { type: DataTypes.STRING(500), allowNull: false },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('sms_outbox', ['phone', 'createdAt'], { name: 'sms_outbox_phone_created' });
  await qi.addIndex('sms_outbox', ['createdAt'], { name: 'sms_outbox_created' });

  await qi.createTable('sms_codes', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    accountId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'accounts', key: 'id' }, onDelete: 'CASCADE' },
    phone: { type: DataTypes.STRING(16), allowNull: false },
    // sha256 of the code with the row's salt: the code itself is only in the message.
    codeHash: { type: DataTypes.STRING(64), allowNull: false },
    salt: { type: DataTypes.STRING(32), allowNull: false },
    expiresAt: { type: DataTypes.DATE, allowNull: false },
    failedAttempts: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    usedAt: { type: DataTypes.DATE, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('sms_codes', ['accountId', 'phone', 'createdAt'], { name: 'sms_codes_account_phone' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('sms_codes');
  await qi.dropTable('sms_outbox');
  await qi.removeColumn('persons', 'degree');
}
