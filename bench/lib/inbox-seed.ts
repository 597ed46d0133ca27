/**
 * Inbox tasks for rows 2 and 3, written by SQL in batches (generate_series on
 * PostgreSQL), not through the engine: a million tasks through the engine
 * would take hours, and the inbox only reads these tables.
 *
 * The mix follows a registration authority's history: most tasks completed
 * by one of 20 reviewers, one in five open (one in seven of those claimed, by reviewers of the province and of the ministry alike),
 * half of them waiting for a province and half for the ministry, spread over
 * the provinces, professions, matters and statuses, deadlines of the open ones
 * from ten days past to twenty ahead, one case in thirteen with an anomaly, two tasks per
 * case; one in fifty of the ministry's tasks shared by its architects and
 * engineers, as an employer's matters are.
 */
import type { Sequelize } from 'sequelize';
import { MATTER_CODES, PROFESSIONS } from '../../server/domain/professions.js';
import { MAINLAND_PROVINCES } from '../../server/domain/regions.js';
import { STATUS } from '../../server/domain/statuses.js';

/** The reviewers' account ids the tasks are completed by and claimed by (accounts need not exist for the query). */
export const REVIEWER_IDS = { first: 1_000_000, count: 20 } as const;

export interface SeedMix {
  /** Share of open tasks, in tenths (2: one in five). */
  openTenths: number;
  /** Only this province's group, e.g. '33' for the pages row's 浙江 reviewer; undefined: all provinces and the ministry. */
  province?: string;
}

const SURNAMES = ['张', '王', '李', '赵', '刘', '陈', '杨', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '林', '何', '郭', '马', '罗'];
const GIVEN = ['伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '娟', '涛', '明', '超', '秀英', '华', '平', '刚', '建国', '晓东', '丽', '鹏'];

/**
 * Seeds tasks number `from` to `to` (1-based, counted over every call on the
 * database, so a second call grows the same history) and their cases,
 * `batch` at a time (even, so a case's two tasks land in one batch).
 */
export async function seedInboxTasks(sequelize: Sequelize, range: { from: number; to: number }, mix: SeedMix, log: (line: string) => void, batch = 100_000): Promise<void> {
  if (sequelize.getDialect() !== 'postgres') throw new Error('the inbox seed is written for PostgreSQL');
  const provinces = mix.province ? [mix.province] : MAINLAND_PROVINCES.map((p) => p.code);
  const professions = PROFESSIONS.map((p) => p.code);
  const specialties = PROFESSIONS.map((p) => p.specialties[0].code);
  const statuses = Object.values(STATUS);
  // Statuses by k / 5: the open tasks' cases (k ≡ 0, 1 mod 5) have every status, not a fifth of them.
  const tasks = range.to;
  // Case k of this seed is application appBase + k: ids after the rows already there (the demo data's cases).
  const [[{ base }]] = (await sequelize.query('SELECT COALESCE(MAX(id), 0) AS base FROM applications')) as [[{ base: number }], unknown];
  const appBase = Number(base) - Math.floor((range.from - 1) / 2);
  const bind = {
    provinces,
    professions,
    specialties,
    matters: [...MATTER_CODES],
    statuses,
    surnames: SURNAMES,
    given: GIVEN,
    openTenths: mix.openTenths,
    ministry: mix.province ? 0 : 1,
    first: REVIEWER_IDS.first,
    reviewers: REVIEWER_IDS.count,
    total: tasks,
  };
  const started = performance.now();
  for (let from = range.from; from <= tasks; from += batch) {
    const to = Math.min(tasks, from + batch - 1);
    // Cases: one per two tasks; case k is task 2k-1 and 2k.
    await sequelize.query(
      `INSERT INTO applications (id, number, matter, profession, province, specialties, status, "submittedAt", "createdAt", "updatedAt")
       SELECT :appBase + k, 'BENCH' || lpad(k::text, 10, '0'),
              (ARRAY[:matters]::text[])[1 + k % cardinality(ARRAY[:matters]::text[])],
              (ARRAY[:professions]::text[])[1 + k % cardinality(ARRAY[:professions]::text[])],
              (ARRAY[:provinces]::text[])[1 + k % cardinality(ARRAY[:provinces]::text[])],
              json_build_array((ARRAY[:specialties]::text[])[1 + k % cardinality(ARRAY[:specialties]::text[])]),
              (ARRAY[:statuses]::text[])[1 + (k / 5) % cardinality(ARRAY[:statuses]::text[])],
              now() - (:total - 2 * k) * interval '30 seconds', now(), now()
       FROM generate_series(:fromCase, :toCase) AS k`,
      { replacements: { ...bind, appBase, fromCase: Math.ceil(from / 2), toCase: Math.ceil(to / 2) } },
    );
    const [[{ last }]] = (await sequelize.query('SELECT COALESCE(MAX(id), 0) AS last FROM inbox_tasks')) as [[{ last: number }], unknown];
    await sequelize.query(
      `INSERT INTO inbox_tasks ("elementInstanceKey", "jobKey", "processInstanceKey", "bpmnProcessId", "elementId", name, "applicationId",
              status, "dueAt", "completedAt", "completedBy", profession, matter, province, specialties, "applicationNumber",
              "applicantName", "applicantIdNumber", "applicationStatus", anomaly, "claimedBy", "claimedByName", "claimedAt", "candidateGroup", "candidateGroups",
              "createdAt", "updatedAt")
       SELECT 'bench-' || i, 'bench-' || i, 'bench-' || k, 'zhuce-initial-' || prof, CASE WHEN i % 2 = 0 THEN 'Task_ProvinceReview' ELSE 'Task_MinistryReview' END,
              CASE WHEN i % 2 = 0 THEN '省级审查' ELSE '部级审查' END, :appBase + k,
              CASE WHEN open THEN 'open' ELSE 'completed' END,
              now() + (((i / 10) % 30) - 10) * interval '1 day',
              CASE WHEN open THEN NULL ELSE created + interval '2 hours' END,
              CASE WHEN open THEN NULL ELSE :first + i % :reviewers END,
              prof, (ARRAY[:matters]::text[])[1 + k % cardinality(ARRAY[:matters]::text[])], (ARRAY[:provinces]::text[])[1 + k % cardinality(ARRAY[:provinces]::text[])],
              ',' || (ARRAY[:specialties]::text[])[1 + k % cardinality(ARRAY[:specialties]::text[])] || ',', 'BENCH' || lpad(k::text, 10, '0'),
              (ARRAY[:surnames]::text[])[1 + k % cardinality(ARRAY[:surnames]::text[])] || (ARRAY[:given]::text[])[1 + (k / 20) % cardinality(ARRAY[:given]::text[])],
              '330106' || lpad((19600101 + k % 400000)::text, 8, '0') || lpad((k % 10000)::text, 4, '0'),
              (ARRAY[:statuses]::text[])[1 + (k / 5) % cardinality(ARRAY[:statuses]::text[])],
              k % 13 = 0,
              CASE WHEN open AND i % 7 = 0 THEN :first + (i / 7) % :reviewers END,
              CASE WHEN open AND i % 7 = 0 THEN '审查员' || ((i / 7) % :reviewers) END,
              CASE WHEN open AND i % 7 = 0 THEN created + interval '1 hour' END,
              CASE WHEN shared THEN '*' ELSE "group" END, ',' || CASE WHEN shared THEN 'ministry:architect,ministry:engineer' ELSE "group" END || ',',
              created, created
       FROM (SELECT *, :ministry = 1 AND i % 2 = 1 AND k % 50 = 0 AS shared,
                    CASE WHEN :ministry = 1 AND i % 2 = 1 THEN 'ministry:' || prof
                         ELSE 'province:' || (ARRAY[:provinces]::text[])[1 + k % cardinality(ARRAY[:provinces]::text[])] || ':' || prof END AS "group"
       FROM (SELECT i, (i + 1) / 2 AS k, i % 10 < :openTenths AS open,
                    (ARRAY[:professions]::text[])[1 + ((i + 1) / 2) % cardinality(ARRAY[:professions]::text[])] AS prof,
                    now() - (:total - i) * interval '30 seconds' AS created
             FROM generate_series(:from, :to) AS i) s) s
       ORDER BY i`,
      { replacements: { ...bind, appBase, from, to } },
    );
    // The candidate groups as the task lists them: a province's reviewers for even tasks, the ministry's for odd ones (or the
    // one province only), and one in fifty of the ministry's shared by its architects and engineers, as an employer's matters are.
    await sequelize.query(
      `INSERT INTO inbox_task_candidates ("taskId", "candidateGroup", status, "createdAt")
       SELECT t.id, g, t.status, t."createdAt"
       FROM inbox_tasks t, unnest(string_to_array(trim(both ',' from t."candidateGroups"), ',')) AS g WHERE t.id > :last`,
      { replacements: { ...bind, last: Number(last) } },
    );
    log(`seeded inbox tasks ${range.from.toLocaleString('en-US')} to ${to.toLocaleString('en-US')} of ${tasks.toLocaleString('en-US')} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await sequelize.query(`SELECT setval(pg_get_serial_sequence('applications', 'id'), (SELECT MAX(id) FROM applications))`);
  // What autovacuum does to a table that has stood a while: statistics, and the visibility map that lets index-only scans skip the table.
  for (const table of ['applications', 'inbox_tasks', 'inbox_task_candidates']) await sequelize.query(`VACUUM ANALYZE ${table}`);
}
