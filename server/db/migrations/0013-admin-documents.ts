/**
 * The administrator's screens and the documents of issue 9: the indexes their
 * lists page and search with, on SQLite and PostgreSQL alike — 账号管理 by
 * role then username; 企业库 by name; 资格库 by name, ID number and 资格证书管理号
 * from their start (on PostgreSQL a pattern index, which LIKE 'x%' needs
 * under a non-C collation); 操作日志 by action and time; 公告发布's list of
 * approved cases by status and decision time.
 */
import type { QueryInterface } from 'sequelize';

const INDEXES: Array<[table: string, fields: string[], name: string]> = [
  ['accounts', ['role', 'username'], 'accounts_role_username'],
  ['enterprises', ['name'], 'enterprises_name'],
  ['qualifications', ['name'], 'qualifications_name'],
  ['audit_log', ['action', 'at'], 'audit_log_action_at'],
  ['applications', ['status', 'matter', 'decidedAt'], 'applications_status_decided'],
];

/** Prefix searches (LIKE 'x%') on PostgreSQL. */
const PATTERN_INDEXES: Array<[table: string, field: string, name: string]> = [
  ['qualifications', 'idNumber', 'qualifications_id_number_pattern'],
  ['qualifications', 'certificateNumber', 'qualifications_certificate_pattern'],
  ['qualifications', 'name', 'qualifications_name_pattern'],
];

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [table, fields, name] of INDEXES) await qi.addIndex(table, fields, { name });
  if (qi.sequelize.getDialect() === 'postgres') {
    for (const [table, field, name] of PATTERN_INDEXES) await qi.addIndex(table, { fields: [{ name: field, operator: 'varchar_pattern_ops' }], name });
  }
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  if (qi.sequelize.getDialect() === 'postgres') {
    for (const [table, , name] of [...PATTERN_INDEXES].reverse()) await qi.removeIndex(table, name);
  }
  for (const [table, , name] of [...INDEXES].reverse()) await qi.removeIndex(table, name);
}
