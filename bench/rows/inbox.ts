/**
 * Row 2, the reviewer's inbox: each tab, filter, sort and page the inbox page
 * offers, timed as server/inbox/inbox-query.ts answers it (its count, its
 * page of rows, and the tab counts), against the same work written by hand in
 * SQL and sent through node-postgres (the count, the page, the tab counts in
 * one statement), on the same database and indexes. The hand-written page and count also run
 * under EXPLAIN ANALYZE, whose execution times the note gives (the server's
 * own share of the time).
 *
 * The reviewer is a ministry reviewer of every profession: half of all tasks
 * are in that scope, the widest an inbox has.
 */
import pg from 'pg';
import { systemClock } from '../../server/clock.js';
import { openDatabase } from '../../server/db/connection.js';
import { migrateUp } from '../../server/db/migrator.js';
import { defineModels } from '../../server/db/models/index.js';
import { candidateGroupsOf } from '../../server/inbox/candidate-groups.js';
import { COUNT_CAP, dueSoonUntil, InboxQuery, nameGrams, type InboxAccount, type InboxFilters, type InboxPageRequest } from '../../server/inbox/inbox-query.js';
import { createDatabase, type Available } from '../lib/infra.js';
import { REVIEWER_IDS, seedInboxTasks } from '../lib/inbox-seed.js';
import type { Table } from '../lib/table.js';

export interface InboxOptions {
  tasks: number[];
  samples: number;
  /** Time for the samples of one query, after the first five. */
  budgetMs: number;
  postgres: Available<string>;
  quick: boolean;
}

interface Case {
  label: string;
  filters: InboxFilters;
  page?: InboxPageRequest;
}

/** What the inbox page offers: its tabs, each filter on 组内待办, both sorts, the direction, a deep page and the largest page size. */
const CASES: Case[] = [
  { label: '我的待办', filters: { tab: 'mine' } },
  { label: '组内待办', filters: { tab: 'group' } },
  { label: '组内待办, 未认领', filters: { tab: 'group', claim: 'unclaimed' } },
  { label: '已办', filters: { tab: 'done' } },
  { label: '组内待办, 申报事项', filters: { tab: 'group', matter: 'renewal' } },
  { label: '组内待办, 注册类别', filters: { tab: 'group', profession: 'engineer' } },
  { label: '组内待办, 注册专业', filters: { tab: 'group', specialty: 'structural' } },
  { label: '组内待办, 省份', filters: { tab: 'group', province: '33' } },
  { label: '组内待办, 申报状态', filters: { tab: 'group', status: '部级未受理' } },
  { label: '组内待办, 有异常', filters: { tab: 'group', anomaly: true } },
  { label: '组内待办, 已超期', filters: { tab: 'group', due: 'overdue' } },
  { label: '组内待办, 3个工作日内到期', filters: { tab: 'group', due: 'soon' } },
  { label: '组内待办, 姓名 (part)', filters: { tab: 'group', text: '张伟' } },
  { label: '组内待办, 申报编号', filters: { tab: 'group', text: 'BENCH0000012345' } },
  { label: '组内待办, by 办理时限', filters: { tab: 'group', sort: 'deadline' } },
  { label: '组内待办, newest first', filters: { tab: 'group', direction: 'desc' } },
  { label: '组内待办, page 50', filters: { tab: 'group' }, page: { page: 50 } },
  { label: '组内待办, 100 a page', filters: { tab: 'group' }, page: { pageSize: 100 } },
];

const ACCOUNT: InboxAccount = { id: REVIEWER_IDS.first, role: 'ministry_reviewer', province: null, professions: [], personId: null };

/** The same work as InboxQuery.list, written by hand: positional parameters, one round trip per statement. */
function handWritten(c: Case, now: Date): Array<{ sql: string; params: unknown[] }> {
  const f = { sort: 'arrival', direction: 'asc', ...c.filters };
  const pageSize = c.page?.pageSize ?? 20;
  const offset = ((c.page?.page ?? 1) - 1) * pageSize;
  const scope = [candidateGroupsOf(ACCOUNT)];
  // $1 is the scope, which only 组内待办 reads.
  const params: unknown[] = f.tab === 'group' ? [...scope] : [];
  const me = ACCOUNT.id;
  const p = (value: unknown) => `$${params.push(value)}`;
  const tabWhere = (tab: string) =>
    tab === 'mine'
      ? `t.status = 'open' AND t."claimedBy" = ${me}`
      : tab === 'group'
        ? `t."candidateGroup" = ANY($1 || '{*}'::text[]) AND (t."candidateGroup" <> '*' OR t."candidateGroups" LIKE ANY (ARRAY(SELECT '%,' || g || ',%' FROM unnest($1::text[]) g))) AND t.status = 'open'`
        : `t.status IN ('completed', 'completing') AND t."completedBy" = ${me}`;
  const where = [tabWhere(f.tab!)];
  if (f.claim === 'unclaimed') where.push('t."claimedBy" IS NULL');
  if (f.profession) where.push(`t.profession = ${p(f.profession)}`);
  if (f.matter) where.push(`t.matter = ${p(f.matter)}`);
  if (f.specialty) where.push(`t.specialties LIKE ${p(`%,${f.specialty},%`)}`);
  if (f.province) where.push(`t.province = ${p(f.province)}`);
  if (f.status) where.push(`t."applicationStatus" = ${p(f.status)}`);
  if (f.anomaly !== undefined) where.push(`t.anomaly = ${p(f.anomaly)}`);
  if (f.due === 'overdue') where.push(`t."dueAt" < ${p(now)}`);
  if (f.due === 'soon') where.push(`t."dueAt" >= ${p(now)} AND t."dueAt" < ${p(dueSoonUntil(now))}`);
  if (f.text) {
    if (/\d/.test(f.text)) {
      const exact = p(f.text.toUpperCase());
      where.push(`(t."applicationNumber" = ${exact} OR t."applicantIdNumber" = ${exact})`);
    } else where.push(`t."applicantName" LIKE ${p(`%${f.text}%`)} AND zhuce_name_grams(t."applicantName") @> ${p(nameGrams(f.text))}::text[]`);
  }
  const dir = f.direction === 'desc' ? 'DESC' : 'ASC';
  const order =
    f.tab === 'done' && !c.filters.direction
      ? 't."completedAt" DESC, t.id DESC'
      : f.sort === 'deadline'
        ? `t."dueAt" ${dir} NULLS LAST, t.id ${dir}`
        : `t."createdAt" ${dir}, t.id ${dir}`;
  const w = where.join(' AND ');
  // Counted as far as the portal counts: the cap, or two pages beyond this one.
  const countLimit = Math.max(COUNT_CAP, ((c.page?.page ?? 1) + 2) * pageSize) + 1;
  const tabCount = (tab: string) => `(SELECT count(*) FROM (SELECT 1 FROM inbox_tasks t WHERE ${tabWhere(tab)} LIMIT ${COUNT_CAP + 1}) x)`;
  return [
    { sql: `SELECT count(*) FROM (SELECT 1 FROM inbox_tasks t WHERE ${w} LIMIT ${countLimit}) x`, params },
    { sql: `SELECT t.* FROM inbox_tasks t WHERE ${w} ORDER BY ${order} LIMIT ${pageSize} OFFSET ${offset}`, params },
    { sql: `SELECT ${tabCount('mine')} AS mine, ${tabCount('group')} AS "group", ${tabCount('done')} AS done`, params: scope },
  ];
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

async function explainMs(client: pg.Client, statement: { sql: string; params: unknown[] }): Promise<{ ms: number; plan: string }> {
  const { rows } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
  const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
  return { ms: Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? NaN), plan };
}

export async function inboxRow(table: Table, options: InboxOptions, log: (line: string) => void): Promise<void> {
  const figureOf = (c: Case, tasks: number) => `p95 of ${c.label} at ${tasks.toLocaleString('en-US')} tasks`;
  const targetOf = (tasks: number) => (tasks >= 1_000_000 ? '≤ 1.2×, < 50 ms' : '≤ 1.2×');
  if (!options.postgres.ok) {
    for (const tasks of options.tasks) for (const c of CASES) table.skip(2, figureOf(c, tasks), options.postgres.reason, targetOf(tasks));
    return;
  }
  const databaseUrl = await createDatabase(options.postgres.value, 'bench_inbox');
  const sequelize = openDatabase(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  try {
    await migrateUp(sequelize);
    const models = defineModels(sequelize);
    const query = new InboxQuery(models, systemClock);
    await client.connect();
    let seeded = 0;
    for (const tasks of [...options.tasks].sort((a, b) => a - b)) {
      await seedInboxTasks(sequelize, { from: seeded + 1, to: tasks }, { openTenths: 2 }, log);
      seeded = tasks;
      const slowest = { ms: 0, label: '', plan: '' };
      for (const c of CASES) {
        const statements = handWritten(c, systemClock.now());
        const app: number[] = [];
        const hand: number[] = [];
        // Warm: the first run of each reads its pages from disk and plans.
        await query.list(ACCOUNT, c.filters, c.page);
        for (const s of statements) await client.query(s.sql, s.params);
        // At least five samples, then as many as the budget allows, up to `samples`: a million tasks make each query slow.
        const budgetEnds = performance.now() + options.budgetMs;
        for (let i = 0; i < options.samples && (i < 5 || performance.now() < budgetEnds); i++) {
          let t0 = performance.now();
          await query.list(ACCOUNT, c.filters, c.page);
          app.push(performance.now() - t0);
          t0 = performance.now();
          for (const s of statements) await client.query(s.sql, s.params);
          hand.push(performance.now() - t0);
        }
        const explained = await Promise.all(statements.slice(0, 2).map((s) => explainMs(client, s)));
        const [count, pageRows] = explained;
        if (count.ms + pageRows.ms > slowest.ms) Object.assign(slowest, { ms: count.ms + pageRows.ms, label: c.label, plan: `${count.plan}\n\n${pageRows.plan}` });
        log(`row 2 at ${tasks}: ${c.label}: p95 ${percentile(app, 95).toFixed(1)} ms vs ${percentile(hand, 95).toFixed(1)} ms by hand (EXPLAIN ANALYZE count ${count.ms.toFixed(1)} ms, page ${pageRows.ms.toFixed(1)} ms)`);
        table.add(2, {
          figure: figureOf(c, tasks),
          value: percentile(app, 95),
          unit: 'ms',
          baseline: percentile(hand, 95),
          baselineLabel: 'hand-written SQL',
          better: 'lower',
          ratioTarget: 1.2,
          absoluteTarget: tasks >= 1_000_000 ? 50 : undefined,
          note: `${app.length} samples; p50 ${percentile(app, 50).toFixed(1)} vs ${percentile(hand, 50).toFixed(1)} ms; EXPLAIN ANALYZE count ${count.ms.toFixed(1)} ms, page ${pageRows.ms.toFixed(1)} ms`,
        });
      }
      log(`row 2 at ${tasks}: the slowest by EXPLAIN ANALYZE is ${slowest.label}:\n${slowest.plan}`);
    }
  } finally {
    await client.end().catch(() => undefined);
    await sequelize.close();
  }
}
