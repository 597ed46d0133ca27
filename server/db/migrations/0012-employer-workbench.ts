/**
 * The employer's workbench (issue 9): the indexes its lists page and search
 * with, on SQLite and PostgreSQL alike — 注册申报管理 newest first, narrowed
 * by matter or status; a person found by ID number (the unique index leads
 * with the ID type, which a search does not know); 注册人员查询 by expiry and
 * by profession; 我的消息 and its unread count.
 */
import type { QueryInterface } from 'sequelize';

const INDEXES: Array<[table: string, fields: string[], name: string]> = [
  // 注册申报管理: every case of the enterprise, newest first, and by matter.
  ['applications', ['enterpriseId', 'updatedAt'], 'applications_employer_updated'],
  ['applications', ['enterpriseId', 'matter', 'updatedAt'], 'applications_employer_matter'],
  // A search by 身份证号 (persons_id_unique leads with idType).
  ['persons', ['idNumber'], 'persons_id_number'],
  // 注册人员查询: the enterprise's registrations by expiry, and by profession.
  ['registrations', ['enterpriseId', 'validTo'], 'registrations_employer_valid_to'],
  ['registrations', ['enterpriseId', 'profession', 'status'], 'registrations_employer_profession'],
  // 我的消息: the unread count of a recipient.
  ['messages', ['recipientKind', 'recipientId', 'readAt'], 'messages_recipient_unread'],
];

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [table, fields, name] of INDEXES) await qi.addIndex(table, fields, { name });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [table, , name] of [...INDEXES].reverse()) await qi.removeIndex(table, name);
}
