/**
 * Scale-out: two app servers (scale-app.ts, child processes that build the
 * application with startRuntime: the real workers and the inbox) on one
 * PostgreSQL database and two Operaton nodes on another, each server with
 * OPERATON_URLS naming both nodes (the adapter prefers node pid % 2 and moves
 * on while one is down). Cases of mixed matters (plan.ts) are filed and
 * worked through the scenario tests' portal steps by the demo seed's
 * employers and reviewers and applicants of their own; midway one engine
 * node is killed (scripts/operaton.sh kill-node 2) and started again.
 *
 * Every case must end in its expected status with the timeline, messages and
 * documents its scenario asserts, and, read from the database afterwards,
 * no inbox task twice for one element instance, no one-of-a-kind document
 * twice, no timeline line twice, and one process instance, ended.
 *
 * Runs when OPERATON_URLS names two or more nodes and TEST_DATABASE_URL a
 * PostgreSQL server (as .ci/run's second pass does); the node kill needs the
 * nodes started by scripts/operaton.sh (OPERATON_STATE_DIR) and is left out,
 * saying why, otherwise. SCALE_CASES sets the number of cases (default 200).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { QueryTypes, type Sequelize } from 'sequelize';
import { openDatabase, tuneDatabase } from '../../server/db/connection.js';
import { defineModels, type Models } from '../../server/db/models/index.js';
import { migrateUp } from '../../server/db/migrator.js';
import { OperatonError, OperatonRest } from '../../server/engine/operaton/rest-client.js';
import { seedDemo } from '../../server/seed/demo.js';
import { addApplicants } from '../support/applicants.js';
import { AppProcess } from '../support/app-process.js';
import { freshDatabaseUrl, usingPostgres } from '../support/database.js';
import { OffsetClock } from '../support/offset-clock.js';
import { operatonFromEnv, type OperatonSettings } from '../support/operaton.js';
import { controllableOperatonNodes, type OperatonNodes } from '../support/operaton-nodes.js';
import { END_STATUS, LANES_AT_ONCE, ONE_OF_A_KIND, planCases, type CaseKind, type Plan } from './plan.js';

const app = path.join(path.dirname(fileURLToPath(import.meta.url)), 'scale-app.ts');
const CASES = Number(process.env.SCALE_CASES || 200);
/** A bound on the whole run, not a speed requirement: cases that stall (a lock left by the killed node) get their minute. */
const RUN_LIMIT_MS = 25 * 60_000;
const KILLED_NODE = 2;

interface Reported {
  lane: string;
  n: number;
  kind: CaseKind;
  outcome: 'ok' | 'failed' | 'skipped';
  applicationId: number | null;
  detail: string;
}

const CASE_LINE = /^case (\S+) (\d+) (\w+) (ok|failed|skipped) (\S+) (.*)$/;

function reported(servers: AppProcess[]): Reported[] {
  return servers.flatMap((s) =>
    s.matching(CASE_LINE).map(([, lane, n, kind, outcome, id, detail]) => ({
      lane,
      n: Number(n),
      kind: kind as CaseKind,
      outcome: outcome as Reported['outcome'],
      applicationId: id === '-' ? null : Number(id),
      detail: outcome === 'ok' ? detail : (JSON.parse(detail) as string),
    })),
  );
}

/** The next application gets an id from a random large number: ids are correlation keys on an engine other databases share. */
async function startApplicationIdsAt(sequelize: Sequelize, first: number): Promise<void> {
  await sequelize.query("SELECT setval(pg_get_serial_sequence('applications', 'id'), :last)", { replacements: { last: first - 1 }, type: QueryTypes.SELECT });
}

describe('scale-out: two app servers on two Operaton nodes, one node killed and restarted', function () {
  this.timeout(RUN_LIMIT_MS + 5 * 60_000);
  let settings: OperatonSettings;
  let nodes: OperatonNodes | string;
  let sequelize: Sequelize | undefined;
  let models: Models;
  let url: string;
  let plan: Plan;
  let planFile: string;
  const servers: AppProcess[] = [];
  const down = new Set<number>();

  before(async function () {
    this.timeout(10 * 60_000);
    const found = operatonFromEnv();
    const reason =
      typeof found === 'string'
        ? found
        : found.urls.length < 2
          ? `OPERATON_URLS names ${found.urls.length} node; scale-out needs two or more (scripts/operaton.sh start --nodes 2)`
          : !usingPostgres()
            ? 'TEST_DATABASE_URL is not set: the two app servers share one PostgreSQL database (scripts/postgres-server.sh start)'
            : null;
    if (reason) {
      console.log(`      skipped: ${reason}`);
      this.skip();
    }
    settings = found as OperatonSettings;
    nodes = await controllableOperatonNodes();
    if (typeof nodes === 'string') console.log(`      (no engine node is killed: ${nodes})`);

    // given the demo world on a fresh PostgreSQL database, with an applicant of its own for each lane of the plan
    url = await freshDatabaseUrl();
    sequelize = openDatabase(url);
    await migrateUp(sequelize);
    await tuneDatabase(sequelize);
    models = defineModels(sequelize);
    const clock = new OffsetClock();
    await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
    await startApplicationIdsAt(sequelize, 1_000_000 + Math.floor(Math.random() * 1_000_000_000));
    plan = planCases(CASES);
    await addApplicants(
      sequelize,
      models,
      clock,
      plan.lanes.map((lane) => ({ username: lane.username, profession: lane.profession, specialties: lane.specialties, employer: lane.employer })),
    );
    planFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-scale-')), 'plan.json');
    fs.writeFileSync(planFile, JSON.stringify(plan));
  });

  after(async function () {
    this.timeout(5 * 60_000);
    for (const server of servers) server.killIfRunning();
    if (typeof nodes !== 'string' && nodes) for (const node of down) await nodes.start(node);
    await sequelize?.close();
    if (planFile) fs.rmSync(path.dirname(planFile), { recursive: true, force: true });
  });

  it(`runs ${CASES} cases of mixed matters to their expected ends, each task, one-of-a-kind document and timeline step once, while an engine node is killed and restarted`, async () => {
    // given two app servers on the shared database, each naming both engine nodes (started one after the other: each deploys the models)
    for (const index of [0, 1]) {
      servers.push(
        await AppProcess.start({
          script: app,
          args: [url, planFile, String(index)],
          env: { ...process.env, ENGINE: 'operaton', OPERATON_URLS: settings.urls.join(','), OPERATON_USER: settings.user, OPERATON_PASSWORD: settings.password },
          waitMs: 5 * 60_000,
          onStderr: process.env.SCALE_LOG ? (line) => console.log(`      ${line}`) : undefined,
        }),
      );
    }
    const total = plan.lanes.reduce((n, lane) => n + lane.cases.length, 0);
    assert.equal(total, CASES);

    // when both run their lanes, and engine node 2 is killed once half the cases have ended, then started again
    const started = Date.now();
    for (const server of servers) server.send('go');
    const finished = Promise.all(servers.map((s) => s.next(/^finished$/, 'its lanes to end', RUN_LIMIT_MS)));
    const finishedAt = finished.then(() => Date.now() - started);
    let killedAt: { ended: number; ms: number } | null = null;
    let restartedAt: number | null = null;
    if (typeof nodes !== 'string') {
      const control = nodes;
      const halfway = new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => {
          if (reported(servers).length >= total / 2) {
            clearInterval(poll);
            resolve();
          }
        }, 250);
        finished.then(() => clearInterval(poll), (err: unknown) => (clearInterval(poll), reject(err)));
      });
      await Promise.race([halfway, finished]);
      killedAt = { ended: reported(servers).length, ms: Date.now() - started };
      await control.kill(KILLED_NODE);
      down.add(KILLED_NODE);
      assert.equal(control.running(KILLED_NODE), false);
      await control.start(KILLED_NODE);
      down.delete(KILLED_NODE);
      restartedAt = Date.now() - started;
    }
    await finished;
    const tookMs = await finishedAt;
    for (const server of servers) await server.stop();
    const cases = reported(servers);
    console.log(
      `      ${cases.length} cases on 2 app servers in ${Math.round(tookMs / 1000)} s` +
        (killedAt ? `; node ${KILLED_NODE} killed after ${Math.round(killedAt.ms / 1000)} s (${killedAt.ended} cases ended) and answering again after ${Math.round(restartedAt! / 1000)} s` : '') +
        ` (${plan.lanes.length} lanes, at most ${LANES_AT_ONCE} at a time per server)`,
    );
    const refiled = servers.flatMap((s) => s.matching(/^refiled (\S+) (.*)$/));
    if (refiled.length) {
      console.log(`      ${refiled.length} filing(s) submitted again after losing the race for a 申报编号 (server/applications/numbering.ts):`);
      for (const [, username, why] of refiled) console.log(`        ${username}: ${JSON.parse(why) as string}`);
    }

    // then every case passed its scenario and ended in its expected status
    const failures = cases.filter((c) => c.outcome !== 'ok');
    assert.deepEqual(
      failures.map((c) => `${c.lane} #${c.n} ${c.kind} (case ${c.applicationId ?? '-'}): ${c.outcome}: ${c.detail}`),
      [],
      'every case passed its scenario',
    );
    assert.equal(cases.length, total, 'every planned case reported');
    const ids = cases.map((c) => c.applicationId!);
    assert.equal(new Set(ids).size, ids.length, 'a case of its own for each');
    const applications = await models.Application.findAll({ where: { id: ids } });
    const statusOf = new Map(applications.map((a) => [a.id, a.status]));
    assert.deepEqual(
      cases.filter((c) => statusOf.get(c.applicationId!) !== END_STATUS[c.kind]).map((c) => `${c.lane} #${c.n} ${c.kind}: ${statusOf.get(c.applicationId!)}`),
      [],
      'each case in the status its scenario ends in',
    );
    assert.equal(await models.Application.count(), total, 'no case filed twice');

    // and, per case, no inbox task twice for an element instance, none left open, no one-of-a-kind document or timeline line twice
    const twice = <T>(values: T[]) => [...new Set(values.filter((v, i) => values.indexOf(v) !== i))];
    const problems: string[] = [];
    for (const application of applications) {
      const id = application.id;
      const tasks = await models.InboxTask.findAll({ where: { applicationId: id } });
      for (const key of twice(tasks.map((t) => t.elementInstanceKey))) problems.push(`case ${id}: inbox task of element instance ${key} twice`);
      for (const task of tasks.filter((t) => t.status !== 'completed' && t.status !== 'cancelled')) problems.push(`case ${id}: inbox task ${task.elementId} left ${task.status}`);
      const documents = (await models.Document.findAll({ where: { applicationId: id } })).map((d) => d.kind);
      for (const kind of twice(documents).filter((k) => ONE_OF_A_KIND.includes(k))) problems.push(`case ${id}: ${kind} twice`);
      const timeline = (await models.ApplicationEvent.findAll({ where: { applicationId: id } })).map((e) => `${e.step} | ${e.status ?? '-'}`);
      for (const line of twice(timeline)) problems.push(`case ${id}: timeline line ${line} twice`);
    }
    assert.deepEqual(problems, [], 'nothing done twice');

    // and one process instance per case, which has ended
    const rest = new OperatonRest({ ...settings });
    const instances: string[] = [];
    for (const application of applications) {
      const { count } = await rest.post<{ count: number }>('/history/process-instance/count', {
        variables: [{ name: 'applicationId', operator: 'eq', value: String(application.id) }],
      });
      if (count !== 1) instances.push(`case ${application.id}: ${count} process instances`);
      const running = await rest.get(`/process-instance/${encodeURIComponent(application.processInstanceKey!)}`).then(
        () => true,
        (err: unknown) => (err instanceof OperatonError && err.status === 404 ? false : Promise.reject(err)),
      );
      if (running) instances.push(`case ${application.id}: process instance ${application.processInstanceKey} still running`);
    }
    assert.deepEqual(instances, [], 'one process instance per case, ended');
  });
});
