/**
 * Child process of scale-out.spec.ts: one app server as `npm start` builds it
 * (startRuntime: the engine of loadConfig + createEngine, the processes and
 * forms deployed, the inbox, the real workers) on the shared PostgreSQL
 * database, with the scenario tests' short time limits for the refusal lanes
 * of the whole plan. It runs its own lanes of the plan through the scenario
 * tests' portal steps (test/processes/scenarios/support), as the portals of
 * this server would, while the other server's workers and inbox take their
 * share of every case's jobs.
 *
 *   in:  go     run this server's lanes, side by side, at most SCALE_LANES_AT_ONCE at a time
 *        stop   shut down cleanly
 *   out: ready | case <lane> <n> <kind> ok <applicationId> <status>
 *        | refiled <username> <why as JSON>   (a filing submitted again, see PatientPortal.file)
 *        | case <lane> <n> <kind> failed <applicationId or -> <message as JSON>
 *        | case <lane> <n> <kind> skipped - <reason as JSON>   (after a failure in its lane)
 *        | finished | stopped | error <message>
 *
 * Usage: scale-app.ts <database url> <plan file> <server index>
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { Op, UniqueConstraintError } from 'sequelize';
import type { StartRequest, StartResult } from '../../server/applications/application-service.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase, tuneDatabase } from '../../server/db/connection.js';
import type { Application } from '../../server/db/models/application.js';
import { defineModels } from '../../server/db/models/index.js';
import type { InboxTask } from '../../server/db/models/inbox-task.js';
import { OperatonError, OperatonRest } from '../../server/engine/operaton/rest-client.js';
import { complete } from '../../server/engine/port.js';
import { formatChinaDateTime } from '../../server/domain/working-days.js';
import { startRuntime } from '../../server/runtime.js';
import { ShortDeadlines, type CaseMatch } from '../processes/scenarios/support/deadlines.js';
import type { ScenarioEngine } from '../processes/scenarios/support/engines.js';
import { givenRegistration } from '../processes/scenarios/support/given.js';
import { OffsetClock } from '../support/offset-clock.js';
import { Portal } from '../processes/scenarios/support/portal.js';
import { Records } from '../processes/scenarios/support/records.js';
import { route as routeOf, type Level, type Route } from '../processes/scenarios/support/routes.js';
import { processIdOf, Scenarios } from '../processes/scenarios/support/scenarios.js';
import { StartForms } from '../processes/scenarios/support/start-forms.js';
import type { Stage } from '../processes/scenarios/support/suite.js';
import { eventually } from '../processes/scenarios/support/waits.js';
import { partiesOf, type World } from '../processes/scenarios/support/world.js';
import { computeDeadline } from '../../workers/effects/compute-deadline.js';
import { applicationOf, type JobWorker } from '../../workers/worker.js';
import { END_STATUS, EMPLOYER_ACCOUNT, LANES_AT_ONCE, type CaseKind, type Lane, type Plan } from './plan.js';

const [url, planFile, serverArg] = process.argv.slice(2);
const env = process.env;
const server = Number(serverArg);
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8')) as Plan;
const ROOT = path.resolve('.');
/**
 * How long a step waits for the case to get where it needs it. Longer than
 * the scenarios' 20 s: a task or timer job a killed engine node had locked
 * comes back when its lock runs out (60 s, engine/operaton application.yaml).
 */
const PATIENCE_MS = Number(process.env.SCALE_PATIENCE_MS || 150_000);

/**
 * Between the first lanes' starts. Filed in the same instant, cases of one
 * profession race for the same 申报编号 and the numbering gives up after five
 * immediate tries (server/applications/numbering.ts withUniqueRetry): 7 of
 * 200 filings failed that way when 48 lanes started at once on two servers,
 * 1 of 200 with the starts spaced.
 */
const START_SPACING_MS = Number(process.env.SCALE_START_SPACING_MS || 400);

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
const log: string[] = [];
const note = (message: string) => {
  log.push(message);
  if (log.length > 200) log.splice(0, 100);
  process.stderr.write(`scale-app ${server}/${process.pid}: ${message}\n`);
};

/** The statuses a case ends in: `until` one of them also waits for the case's process to end (its documents are written by then). */
const FINAL_STATUSES = new Set(Object.values(END_STATUS));

const rest = new OperatonRest({ urls: (env.OPERATON_URLS ?? '').split(','), user: env.OPERATON_USER ?? '', password: env.OPERATON_PASSWORD ?? '' });

async function processEnded(processInstanceKey: string): Promise<boolean> {
  return rest.get(`/process-instance/${encodeURIComponent(processInstanceKey)}`).then(
    () => false,
    (err: unknown) => (err instanceof OperatonError && err.status === 404 ? true : Promise.reject(err)),
  );
}

/**
 * The scenario portal with the patience a fail-over needs, remembering each
 * applicant's latest case. A case has reached a final status once its
 * process has ended too: the scenarios' own 20-second waits for what comes
 * after the status (注销证明, 不予注册告知书) then find it there.
 */
class PatientPortal extends Portal {
  readonly latest = new Map<string, number>();

  /**
   * 提交 as the start form's page does, and once more when it failed only
   * because another filing took the same 申报编号 (see START_SPACING_MS): the
   * applicant sees an error and submits again. Each such retry is printed,
   * and the parent reports how many there were.
   */
  override async file(username: string, request: StartRequest): Promise<StartResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        const result = await super.file(username, request);
        this.latest.set(username, result.application.id);
        return result;
      } catch (err) {
        if (attempt >= 3 || !(err instanceof UniqueConstraintError) || (err.parent as { constraint?: string }).constraint !== 'applications_number_unique') throw err;
        say(`refiled ${username} ${JSON.stringify(`${err.message}: ${err.parent.message}`)}`);
      }
    }
  }

  override openTask(applicationId: number, formId: string): Promise<InboxTask> {
    const { InboxTask: Tasks } = this.world.models;
    return eventually(
      `an open ${formId} task of case ${applicationId}`,
      () => Tasks.findOne({ where: { applicationId, formId, status: 'open' } }),
      () => this.whereIs(applicationId),
      PATIENCE_MS,
    );
  }

  override until(applicationId: number, status: string): Promise<Application> {
    return eventually(
      `case ${applicationId} to reach ${status}`,
      async () => {
        const application = await this.application(applicationId);
        if (application.status !== status) return null;
        if (FINAL_STATUSES.has(status) && application.processInstanceKey && !(await processEnded(application.processInstanceKey))) return null;
        return application;
      },
      () => this.whereIs(applicationId),
      PATIENCE_MS,
    );
  }
}

/** The scenarios, with the same patience before the steps that wait on their own: the registration before the 公告, the reminders. */
class PatientScenarios extends Scenarios {
  constructor(private readonly on: Stage) {
    super(on);
  }

  override async announce(id: number): Promise<void> {
    await eventually(`the registration of case ${id} written`, async () => (await models.RegistrationHistory.count({ where: { applicationId: id } })) > 0, () => portal.whereIs(id), PATIENCE_MS);
    return super.announce(id);
  }

  override async assertRemindedAndEscalated(applicationId: number, task: InboxTask, level: Level): Promise<void> {
    const { InboxTask: Tasks } = this.on.world.models;
    await eventually(
      `reminder and escalation of task ${task.elementId} of case ${applicationId}`,
      () => Tasks.findOne({ where: { id: task.id, remindedAt: { [Op.ne]: null }, escalatedAt: { [Op.ne]: null } } }),
      async () => (await Tasks.findByPk(task.id))?.toJSON(),
      PATIENCE_MS,
    );
    return super.assertRemindedAndEscalated(applicationId, task, level);
  }
}

const config = loadConfig({ ENGINE: env.ENGINE, OPERATON_URLS: env.OPERATON_URLS, OPERATON_USER: env.OPERATON_USER, OPERATON_PASSWORD: env.OPERATON_PASSWORD, DATABASE_URL: url, SEED_DEMO: 'false' });
const sequelize = openDatabase(url);
// As server/main.ts opens it.
await tuneDatabase(sequelize);
const models = defineModels(sequelize);
const clock = new OffsetClock();

/**
 * The scenarios' short time limits, further out: a reminder 15 s and a due
 * date 20 s after zhuce.compute-deadline instead of 3 s and 4 s. The
 * reminder gives up after three tries within seconds when the inbox has not
 * recorded its task yet (workers/effects/task-alerts.ts openTaskOf), and with
 * two servers and ~50 cases at once the inbox lagged longer than that behind
 * the engine, so a refusal case went unreminded.
 */
class SlowerShortDeadlines extends ShortDeadlines {
  private readonly hurried = new Set<CaseMatch>();

  override hurry(match: CaseMatch): () => void {
    this.hurried.add(match);
    return () => this.hurried.delete(match);
  }

  override readonly worker: JobWorker = {
    type: computeDeadline.type,
    handle: async (job, deps) => {
      const application = await applicationOf(job, deps);
      if (![...this.hurried].some((match) => match(application))) return computeDeadline.handle(job, deps);
      const inSeconds = (ms: number) => formatChinaDateTime(new Date(Math.ceil((Date.now() + ms) / 1000) * 1000));
      return complete({ remindAt: inSeconds(REMIND_MS), dueAt: inSeconds(DUE_MS) });
    },
  };
}
const REMIND_MS = 15_000;
const DUE_MS = 20_000;
const deadlines = new SlowerShortDeadlines();

const parties = partiesOf(models);
const { account } = parties;

const laneRoute = (lane: Lane): Route => routeOf(lane.profession, lane.matter, { applicant: lane.username, employer: EMPLOYER_ACCOUNT[lane.employer]! });

// Both servers run zhuce.compute-deadline for every case: each hurries the refusal lanes of the whole plan.
for (const lane of plan.lanes.filter((l) => l.cases.includes('refusedAfterReminders'))) {
  const { personId } = await account(lane.username);
  const processId = processIdOf(laneRoute(lane));
  deadlines.hurry((a) => a.personId === personId && a.data?.processId === processId);
}

const runtime = await startRuntime({ config, sequelize, models, clock, rootDir: ROOT, workers: deadlines.workers(), log: note });
const world: World = {
  engineName: config.engine as ScenarioEngine['name'],
  sequelize,
  models,
  clock,
  runtime,
  deadlines,
  log,
  ...parties,
  async close() {
    await runtime.stop();
    await sequelize.close();
  },
};
const portal = new PatientPortal(world);
const stage: Stage = {
  engine: { name: world.engineName, unavailable: null, create: () => runtime.engine },
  world,
  portal,
  forms: new StartForms(portal),
  records: new Records(world),
};
const mine = plan.lanes.filter((lane) => lane.server === server);
for (const lane of mine) {
  if (lane.registered) await givenRegistration(world, lane.username, { profession: lane.profession, specialty: lane.registered, at: lane.employer, daysLeft: 400 });
}
say('ready');

async function runCase(lane: Lane, kind: CaseKind): Promise<Application> {
  const scenarios = new PatientScenarios(stage);
  const route = laneRoute(lane);
  const options = { form: { specialties: lane.specialties, ...(lane.formEmployer ? { employer: lane.formEmployer } : {}) } };
  return scenarios[kind](route, options);
}

async function runLane(lane: Lane): Promise<void> {
  let failed: string | null = null;
  for (const [n, kind] of lane.cases.entries()) {
    const head = `case ${lane.id} ${n + 1} ${kind}`;
    if (failed) {
      say(`${head} skipped - ${JSON.stringify(failed)}`);
      continue;
    }
    portal.latest.delete(lane.username);
    try {
      const done = await runCase(lane, kind);
      say(`${head} ok ${done.id} ${done.status}`);
    } catch (err) {
      failed = `case ${n + 1} (${kind}) failed`;
      const message = err instanceof Error ? err.message : String(err);
      say(`${head} failed ${portal.latest.get(lane.username) ?? '-'} ${JSON.stringify(`${message}\n    runtime log (last lines):\n      ${log.slice(-15).join('\n      ')}`)}`);
    }
  }
}

/**
 * The lanes side by side, at most LANES_AT_ONCE at a time. The first ones
 * start a moment apart, as applicants arrive, rather than all in the same
 * millisecond (see START_SPACING_MS).
 */
async function runLanes(): Promise<void> {
  const queue = [...mine];
  const workers = Array.from({ length: Math.min(LANES_AT_ONCE, queue.length) }, async (_, slot) => {
    await new Promise((resolve) => setTimeout(resolve, slot * START_SPACING_MS));
    for (let lane = queue.shift(); lane; lane = queue.shift()) await runLane(lane);
  });
  await Promise.all(workers);
  say('finished');
}

async function run(command: string): Promise<void> {
  switch (command) {
    case 'go':
      // Answered line by line as the cases end; commands after it wait their turn only for this to start.
      void runLanes().catch((err: unknown) => say(`error go: ${err instanceof Error ? err.message : String(err)}`));
      return;
    case 'stop':
      await world.close();
      say('stopped');
      return process.exit(0);
    default:
      throw new Error(`unknown command "${command}"`);
  }
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command] = line.trim().split(/\s+/);
  await run(command).catch((err: unknown) => say(`error ${command}: ${err instanceof Error ? err.message : String(err)}`));
}
// The parent went away without a word: leave nothing running.
await run('stop');
