/**
 * The candidate groups copied onto each task (server/inbox/candidate-scope.ts):
 * 组内待办 checks its scope on the task's own row and index instead of a
 * semi-join with inbox_task_candidates, whose size PostgreSQL misjudged
 * (bench row 2 at 1,000,000 tasks: each filtered count of 组内待办 hashed the
 * 100,000 open candidates of the ministry's groups first, 40–60 ms). Existing
 * tasks are filled from their candidates.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

const SHARED = '*';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  const q = (name: string) => qi.quoteIdentifier(name);
  await qi.addColumn('inbox_tasks', 'candidateGroup', { type: DataTypes.STRING(128), allowNull: true });
  await qi.addColumn('inbox_tasks', 'candidateGroups', { type: DataTypes.STRING(512), allowNull: true });
  // Each task's distinct groups in order, listed as candidateScope lists them (SQLite concatenates in the order it is fed).
  const list = qi.sequelize.getDialect() === 'postgres' ? `string_agg(d.g, ',' ORDER BY d.g)` : 'group_concat(d.g)';
  await qi.sequelize.query(
    `UPDATE ${q('inbox_tasks')} SET
       ${q('candidateGroup')} = CASE WHEN g.n = 1 THEN g.one ELSE '${SHARED}' END,
       ${q('candidateGroups')} = ',' || g.list || ','
     FROM (SELECT d.${q('taskId')} AS ${q('taskId')}, COUNT(*) AS n, MIN(d.g) AS one, ${list} AS list
           FROM (SELECT DISTINCT ${q('taskId')}, ${q('candidateGroup')} AS g FROM ${q('inbox_task_candidates')} ORDER BY 1, 2) d
           GROUP BY d.${q('taskId')}) g
     WHERE g.${q('taskId')} = ${q('inbox_tasks')}.${q('id')}`,
  );
  // 组内待办 of a reviewer: their groups' open tasks, in arrival order, the capped count reading its 1,001 entries here.
  await qi.addIndex('inbox_tasks', ['candidateGroup', 'createdAt', 'id'], { name: 'inbox_open_candidate_group', where: { status: 'open' } });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('inbox_tasks', 'inbox_open_candidate_group');
  // Plain DROP COLUMN (SQLite 3.35+, PostgreSQL), as 0004 explains.
  for (const column of ['candidateGroups', 'candidateGroup']) {
    await qi.sequelize.query(`ALTER TABLE ${qi.quoteIdentifier('inbox_tasks')} DROP COLUMN ${qi.quoteIdentifier(column)}`);
  }
}
