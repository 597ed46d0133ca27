/**
 * Bench row 2 at 1,000,000 tasks (one in five open): the filters of 组内待办
 * read their rows through (status, createdAt) and checked each filter on the
 * table row, 112–174 ms for 申报事项, 注册类别, 省份; the 申报状态 filter
 * probed the case for every open task, 814 ms; the name search read every
 * open row, 271 ms. Here:
 * - the case's status is copied onto its tasks (kept in step by
 *   CaseEvents, the one place a case's status changes), so 申报状态 is a
 *   column like the others;
 * - each filter column gets an index of the open tasks only, in arrival
 *   order, so a filtered page reads its 20 rows and the capped count its
 *   1,001 entries, not the 200,000 open rows;
 * - the deadline sort gets (dueAt, id) of the open tasks: its order in full,
 *   with no sort step for the id;
 * - on PostgreSQL, the name's characters and character pairs in a GIN index
 *   of the open tasks: a two-character name (张伟) is one pair, which a
 *   trigram index cannot look up. SQLite keeps the LIKE.
 * (status, profession, matter) served none of the filters alone and goes.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const OPEN_INDEXES: Array<[fields: string[], name: string]> = [
  [['profession', 'createdAt', 'id'], 'inbox_open_profession'],
  [['matter', 'createdAt', 'id'], 'inbox_open_matter'],
  [['province', 'createdAt', 'id'], 'inbox_open_province'],
  [['anomaly', 'createdAt', 'id'], 'inbox_open_anomaly'],
  [['applicationStatus', 'createdAt', 'id'], 'inbox_open_application_status'],
  [['dueAt', 'id'], 'inbox_open_due'],
  // The specialty filter (LIKE '%,code,%') is checked on the index entry, not the table row.
  [['createdAt', 'id', 'specialties'], 'inbox_open_specialties'],
];

/** A name's characters and pairs of adjacent characters; the inbox (server/inbox/inbox-query.ts) looks a name part up by its pairs. */
const NAME_GRAMS_FUNCTION = 'zhuce_name_grams';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const q = (name: string) => qi.quoteIdentifier(name);
  await qi.addColumn('inbox_tasks', 'applicationStatus', { type: DataTypes.STRING(32), allowNull: true });
  await qi.sequelize.query(
    `UPDATE ${q('inbox_tasks')} SET ${q('applicationStatus')} =
       (SELECT a.${q('status')} FROM ${q('applications')} a WHERE a.${q('id')} = ${q('inbox_tasks')}.${q('applicationId')})
     WHERE ${q('applicationId')} IS NOT NULL`,
  );
  for (const [fields, name] of OPEN_INDEXES) await qi.addIndex('inbox_tasks', fields, { name, where: { status: 'open' } });
  await qi.removeIndex('inbox_tasks', 'inbox_tasks_status_matter');
  if (qi.sequelize.getDialect() === 'postgres') {
    await qi.sequelize.query(
      `CREATE FUNCTION ${NAME_GRAMS_FUNCTION}(name text) RETURNS text[] LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
         SELECT COALESCE(array_agg(DISTINCT substr(name, i, n)), '{}')
         FROM generate_series(1, char_length(name)) AS i, (VALUES (1), (2)) AS g(n)
         WHERE i + n - 1 <= char_length(name)
       $$`,
    );
    await qi.sequelize.query(
      `CREATE INDEX inbox_open_name_grams ON inbox_tasks USING gin (${NAME_GRAMS_FUNCTION}("applicantName")) WHERE status = 'open'`,
    );
  }
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  if (qi.sequelize.getDialect() === 'postgres') {
    await qi.sequelize.query('DROP INDEX inbox_open_name_grams');
    await qi.sequelize.query(`DROP FUNCTION ${NAME_GRAMS_FUNCTION}(text)`);
  }
  await qi.addIndex('inbox_tasks', ['status', 'profession', 'matter'], { name: 'inbox_tasks_status_matter' });
  for (const [, name] of [...OPEN_INDEXES].reverse()) await qi.removeIndex('inbox_tasks', name);
  await qi.sequelize.query(`ALTER TABLE ${qi.quoteIdentifier('inbox_tasks')} DROP COLUMN ${qi.quoteIdentifier('applicationStatus')}`);
}
