/**
 * The inbox's SQL reads its rows through indexes (migration 0010): every
 * statement InboxQuery runs for the tabs, filters and sorts is explained by
 * SQLite, and none of them reads a whole table of tasks or candidates. On
 * PostgreSQL the planner weighs table sizes, so a plan over a few test rows
 * says nothing there: the check runs on SQLite.
 */
import assert from 'node:assert/strict';
import { QueryTypes, type Sequelize } from 'sequelize';
import { ManualClock } from '../../../server/clock.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { InboxQuery, type InboxAccount, type InboxFilters } from '../../../server/inbox/inbox-query.js';
import { migratedDatabase } from '../../support/database.js';
import { candidateScope } from '../../../server/inbox/candidate-scope.js';

const NOW = new Date('2026-03-04T02:00:00Z');
const ministry: InboxAccount = { id: 1, role: 'ministry_reviewer', province: null, professions: null, personId: null };
const provincial: InboxAccount = { id: 3, role: 'provincial_reviewer', province: '33', professions: ['engineer'], personId: null };

/** Tables the inbox must never read whole. */
const GUARDED = /^SCAN (inbox_tasks|inbox_task_candidates|t|c)$/;

describe('the reviewer inbox query plans', () => {
  let sequelize: Sequelize;
  let models: Models;
  let statements: string[] = [];

  before(async function () {
    sequelize = await migratedDatabase();
    if (sequelize.getDialect() !== 'sqlite') this.skip();
    models = defineModels(sequelize);
    // A few open and completed tasks, so the planner sees rows in both tables, and each case below finds one (a page
    // nothing reaches is not asked for).
    for (let i = 0; i < 6; i++) {
      const done = i % 3 === 0;
      const task = await models.InboxTask.create({
        elementInstanceKey: `ei-${i}`, jobKey: `job-${i}`, processInstanceKey: `pi-${i}`, bpmnProcessId: 'zhuce-initial-engineer',
        elementId: 'Task_MinistryAcceptance', name: '部级受理', formId: 'ministry-acceptance', applicationId: null, assignee: null,
        variables: {}, status: done ? 'completed' : 'open', dueAt: new Date(NOW.getTime() + (i % 2 ? i : -1) * 86_400_000), result: null,
        completedAt: done ? NOW : null, completedBy: done ? 1 : null, claimedBy: i === 1 ? 1 : null, profession: 'engineer', matter: 'initial',
        province: '33', specialties: ',structural,', applicationNumber: `ZC${i}`, applicantName: `申请人${'甲乙丙丁戊己'[i]}`, applicantIdNumber: `11010519900101000${i}`,
        anomaly: i === 5, ...candidateScope(['ministry:engineer', 'province:33:engineer']),
      });
      for (const group of ['ministry:engineer', 'province:33:engineer']) {
        await models.InboxTaskCandidate.create({ taskId: task.id, candidateGroup: group, status: done ? 'completed' : 'open' });
      }
    }
    const { options } = sequelize as unknown as { options: { logging: false | ((sql: string) => void) } };
    options.logging = (sql: string) => {
      const select = sql.replace(/^Executing \([^)]*\): /, '');
      if (/^(SELECT|WITH)/i.test(select)) statements.push(select);
    };
  });

  after(async () => {
    await sequelize?.close();
  });

  beforeEach(() => {
    statements = [];
  });

  async function tableScans(): Promise<string[]> {
    const scans: string[] = [];
    for (const sql of statements) {
      const plan = await sequelize.query<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, { type: QueryTypes.SELECT });
      for (const { detail } of plan) if (GUARDED.test(detail)) scans.push(`${detail} in ${sql.slice(0, 160)}`);
    }
    return scans;
  }

  const cases: Array<[string, InboxAccount, InboxFilters]> = [
    ['我的待办 by arrival', ministry, { tab: 'mine' }],
    ['组内待办 by deadline', ministry, { tab: 'group', sort: 'deadline', direction: 'asc' }],
    ['组内待办, unclaimed, overdue', ministry, { tab: 'group', claim: 'unclaimed', due: 'overdue' }],
    ['组内待办 by profession, matter, specialty and province', provincial, { tab: 'group', profession: 'engineer', matter: 'initial', specialty: 'structural', province: '33' }],
    ['组内待办 by the applicant', ministry, { tab: 'group', text: '申请人丙' }],
    ['组内待办 with anomalies, due soon', ministry, { tab: 'group', anomaly: true, due: 'soon' }],
    ['已办, newest first', ministry, { tab: 'done' }],
  ];
  for (const [name, account, filters] of cases) {
    it(`reads ${name} through indexes, a page at a time`, async () => {
      // given
      const query = new InboxQuery(models, new ManualClock(NOW));
      // when
      const result = await query.list(account, filters, { page: 1, pageSize: 20 });
      // then
      assert.ok(statements.some((s) => /LIMIT 20 OFFSET 0/.test(s)), 'the page is cut in the database');
      assert.ok(result.rows.length > 0, 'the fixture has a row for the case');
      assert.deepEqual(await tableScans(), []);
    });
  }
});
