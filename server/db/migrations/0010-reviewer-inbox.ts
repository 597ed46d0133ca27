/**
 * The reviewer inbox (issue 9): what its filters read, copied onto
 * inbox_tasks so one table answers the query with its indexes (the case's
 * profession, matter, province, specialties, 申报编号, the applicant's name
 * and ID number, an anomaly mark), who claimed a task and when, and each
 * reviewer's saved filters. Existing tasks are filled from their cases.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const str = (length: number) => ({ type: DataTypes.STRING(length), allowNull: true });

const COLUMNS: Array<[column: string, definition: { type: unknown; allowNull: boolean; defaultValue?: unknown }]> = [
  ['profession', str(64)],
  ['matter', str(32)],
  ['province', str(2)],
  // ",structural,geotech,": a specialty filter is LIKE '%,code,%'.
  ['specialties', str(255)],
  ['applicationNumber', str(32)],
  ['applicantName', str(128)],
  ['applicantIdNumber', str(32)],
  // An anomaly (社保异常, 人员重复) with its 申辩 was found on the case.
  ['anomaly', { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false }],
  ['claimedBy', { type: DataTypes.INTEGER, allowNull: true }],
  ['claimedByName', str(64)],
  ['claimedAt', { type: DataTypes.DATE, allowNull: true }],
];

const INDEXES: Array<[table: string, fields: string[], name: string]> = [
  // 我的待办: claimed by me, open, by arrival or deadline.
  ['inbox_tasks', ['claimedBy', 'status', 'createdAt'], 'inbox_tasks_claimed'],
  // 已办: completed by me, newest first.
  ['inbox_tasks', ['completedBy', 'status', 'completedAt'], 'inbox_tasks_completed_by'],
  // Overdue / due soon, and the deadline sort.
  ['inbox_tasks', ['status', 'dueAt'], 'inbox_tasks_status_due'],
  ['inbox_tasks', ['status', 'profession', 'matter'], 'inbox_tasks_status_matter'],
  ['inbox_tasks', ['applicationNumber'], 'inbox_tasks_application_number'],
  ['inbox_tasks', ['applicantIdNumber'], 'inbox_tasks_applicant_id'],
  // 组内待办: the candidate groups' open rows, joined to their task.
  ['inbox_task_candidates', ['candidateGroup', 'status', 'taskId'], 'inbox_candidates_group_task'],
  ['appeals', ['applicationId'], 'appeals_application'],
];

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [column, definition] of COLUMNS) {
    await qi.addColumn('inbox_tasks', column, definition as Parameters<QueryInterface['addColumn']>[2]);
  }
  await qi.createTable('inbox_saved_filters', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    accountId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'accounts', key: 'id' }, onDelete: 'CASCADE' },
    name: { type: DataTypes.STRING(40), allowNull: false },
    // The inbox's query string, e.g. "tab=group&profession=engineer&due=overdue".
    query: { type: DataTypes.STRING(1000), allowNull: false },
    createdAt: { type: DataTypes.DATE, allowNull: false },
    updatedAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('inbox_saved_filters', ['accountId', 'name'], { unique: true, name: 'inbox_saved_filters_account_name' });
  for (const [table, fields, name] of INDEXES) await qi.addIndex(table, fields, { name });

  // Backfill from the cases: correlated sub-selects, the same SQL on SQLite and PostgreSQL.
  const q = (name: string) => qi.quoteIdentifier(name);
  const fromApplication = (expression: string) =>
    `(SELECT ${expression} FROM ${q('applications')} a WHERE a.${q('id')} = ${q('inbox_tasks')}.${q('applicationId')})`;
  const person = (column: string) =>
    `(SELECT p.${q(column)} FROM ${q('applications')} a JOIN ${q('persons')} p ON p.${q('id')} = a.${q('personId')} WHERE a.${q('id')} = ${q('inbox_tasks')}.${q('applicationId')})`;
  const enterprise = (column: string) =>
    `(SELECT e.${q(column)} FROM ${q('applications')} a JOIN ${q('enterprises')} e ON e.${q('id')} = a.${q('enterpriseId')} WHERE a.${q('id')} = ${q('inbox_tasks')}.${q('applicationId')} AND a.${q('personId')} IS NULL)`;
  await qi.sequelize.query(
    `UPDATE ${q('inbox_tasks')} SET
       ${q('profession')} = ${fromApplication(`a.${q('profession')}`)},
       ${q('matter')} = ${fromApplication(`a.${q('matter')}`)},
       ${q('province')} = ${fromApplication(`a.${q('province')}`)},
       ${q('applicationNumber')} = ${fromApplication(`a.${q('number')}`)},
       ${q('applicantName')} = COALESCE(${person('name')}, ${enterprise('name')}),
       ${q('applicantIdNumber')} = COALESCE(${person('idNumber')}, ${enterprise('creditCode')}),
       ${q('anomaly')} = CASE WHEN EXISTS (SELECT 1 FROM ${q('appeals')} ap WHERE ap.${q('applicationId')} = ${q('inbox_tasks')}.${q('applicationId')}) THEN TRUE ELSE FALSE END
     WHERE ${q('applicationId')} IS NOT NULL`,
  );
  // Specialties live in a JSON array: read them in JavaScript, a page of rows at a time.
  for (let after = 0; ; ) {
    const [rows] = (await qi.sequelize.query(
      `SELECT t.${q('id')} AS id, a.${q('specialties')} AS specialties FROM ${q('inbox_tasks')} t JOIN ${q('applications')} a ON a.${q('id')} = t.${q('applicationId')}
       WHERE t.${q('id')} > ${after} ORDER BY t.${q('id')} LIMIT 500`,
    )) as [Array<{ id: number; specialties: unknown }>, unknown];
    if (!rows.length) break;
    for (const row of rows) {
      const value = specialtyColumn(typeof row.specialties === 'string' ? safeJson(row.specialties) : row.specialties);
      if (value) await qi.sequelize.query(`UPDATE ${q('inbox_tasks')} SET ${q('specialties')} = ? WHERE ${q('id')} = ?`, { replacements: [value, row.id] });
    }
    after = rows[rows.length - 1].id;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** [structural, geotech] → ",structural,geotech," (null for none). */
function specialtyColumn(specialties: unknown): string | null {
  if (!Array.isArray(specialties) || !specialties.length) return null;
  const value = `,${specialties.map(String).join(',')},`;
  return value.length <= 255 ? value : value.slice(0, value.lastIndexOf(',', 254) + 1);
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  for (const [table, , name] of [...INDEXES].reverse()) await qi.removeIndex(table, name);
  await qi.dropTable('inbox_saved_filters');
  // Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), as 0004 explains.
  for (const [column] of [...COLUMNS].reverse()) {
    await qi.sequelize.query(`ALTER TABLE ${qi.quoteIdentifier('inbox_tasks')} DROP COLUMN ${qi.quoteIdentifier(column)}`);
  }
}
