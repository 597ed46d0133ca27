/**
 * Child process of row 1 (and of row 5's memory figures): one engine and
 * database configuration in a process of its own, so its peak RSS is its own.
 *
 * 1. The whole system as `npm start` builds it (startRuntime: processes and
 *    forms deployed, inbox, the real workers) on a fresh database with the
 *    demo data, and CASES 勘察设计注册工程师 初始注册 cases, CONCURRENCY at a
 *    time, each filed by an applicant of its own through the application
 *    service and worked as the portals would (test/processes/scenarios/support:
 *    the employer's 上报, the ministry's 受理 and 审批 through the inbox
 *    service, the 公告), until 已发证 with its 注册证书 written.
 * 2. The baseline on the same engine and database: a process with as many
 *    service and user tasks as a case met, whose workers do nothing and whose
 *    user tasks are completed as soon as they are handed out.
 * 3. Embedded only: the heap per instance waiting at its first user task, of
 *    一级注册建筑师 初始注册 (one of the two largest processes).
 *
 * Input: BENCH_CASES_JSON = { databaseUrl, engine, operaton?, cases, concurrency, waiting }.
 * Output: one line `result <json>` on stdout.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { loadConfig } from '../../server/config.js';
import { openDatabase, tuneDatabase } from '../../server/db/connection.js';
import { migrateUp } from '../../server/db/migrator.js';
import { defineModels } from '../../server/db/models/index.js';
import { systemClock } from '../../server/clock.js';
import { EmbeddedEngine } from '../../server/engine/embedded/index.js';
import { OperatonEngine } from '../../server/engine/operaton/index.js';
import { USER_TASK_JOB_TYPE, complete, forward, type EnginePort, type WorkerOptions } from '../../server/engine/port.js';
import { startRuntime } from '../../server/runtime.js';
import { seedDemo } from '../../server/seed/demo.js';
import { ShortDeadlines } from '../../test/processes/scenarios/support/deadlines.js';
import { OffsetClock } from '../../test/support/offset-clock.js';
import { Portal } from '../../test/processes/scenarios/support/portal.js';
import { Records } from '../../test/processes/scenarios/support/records.js';
import { route as routeOf } from '../../test/processes/scenarios/support/routes.js';
import { StartForms } from '../../test/processes/scenarios/support/start-forms.js';
import type { Stage } from '../../test/processes/scenarios/support/suite.js';
import { eventually } from '../../test/processes/scenarios/support/waits.js';
import { partiesOf, type World } from '../../test/processes/scenarios/support/world.js';
import { addApplicants } from '../../test/support/applicants.js';

interface Input {
  databaseUrl: string;
  engine: 'embedded' | 'operaton';
  operaton?: { urls: string[]; user: string; password: string };
  cases: number;
  concurrency: number;
  waiting: number;
}

const input = JSON.parse(process.env.BENCH_CASES_JSON ?? '{}') as Input;
const ROOT = path.resolve(import.meta.dirname, '..', '..');
const say = (line: string) => process.stderr.write(`cases-child ${input.engine}: ${line}\n`);
const logLines: string[] = [];
const note = (line: string) => {
  logLines.push(line);
  if (logLines.length > 100) logLines.splice(0, 50);
  if (process.env.BENCH_LOG) say(line);
};

function newEngine(sequelize: Sequelize): EnginePort {
  if (input.engine === 'operaton') return new OperatonEngine({ ...input.operaton!, sequelize, log: note });
  return new EmbeddedEngine({ sequelize, clock: systemClock, log: note });
}

/** Counts the jobs each worker type is handed, per process. */
function counting(engine: EnginePort, counts: Map<string, number>): EnginePort {
  const register = engine.registerWorker.bind(engine);
  engine.registerWorker = (options: WorkerOptions) =>
    register({
      ...options,
      handler: (job) => {
        const key = `${job.bpmnProcessId}|${job.type === USER_TASK_JOB_TYPE ? 'user' : 'service'}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        return options.handler(job);
      },
    });
  return engine;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

async function pool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
    for (let item = queue.shift(); item !== undefined; item = queue.shift()) await work(item);
  }));
}

async function wholeCases(sequelize: Sequelize) {
  const models = defineModels(sequelize);
  const clock = new OffsetClock();
  await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
  const run = crypto.randomBytes(3).toString('hex');
  const engineers = Array.from({ length: input.cases }, (_, i) => `bench-${run}-e${i}`);
  const architects = input.engine === 'embedded' && input.waiting > 0 ? Array.from({ length: input.waiting + 1 }, (_, i) => `bench-${run}-a${i}`) : [];
  await addApplicants(sequelize, models, clock, [
    ...engineers.map((username) => ({ username, profession: 'engineer' as const, specialties: ['structural'], employer: 'design' as const })),
    ...architects.map((username) => ({ username, profession: 'architect' as const, specialties: ['architecture'], employer: 'design' as const })),
  ]);
  const counts = new Map<string, number>();
  const deadlines = new ShortDeadlines();
  const config = loadConfig({ SEED_DEMO: 'false' });
  const runtime = await startRuntime({ config, sequelize, models, clock, rootDir: ROOT, engine: counting(newEngine(sequelize), counts), workers: deadlines.workers(), log: note });
  const world: World = { engineName: input.engine, sequelize, models, clock, runtime, deadlines, log: logLines, ...partiesOf(models), close: async () => undefined };
  const portal = new Portal(world);
  const stage: Stage = { engine: { name: input.engine, unavailable: null, create: () => runtime.engine }, world, portal, forms: new StartForms(portal), records: new Records(world) };

  const oneCase = async (applicant: string): Promise<number> => {
    const started = performance.now();
    const route = routeOf('engineer', 'initial', { applicant, employer: 'qiye' });
    const formData = await stage.forms.of(applicant, 'engineer', 'initial', { specialties: ['structural'] });
    const { application } = await portal.file(applicant, { profession: 'engineer', matter: 'initial', formData });
    const id = application.id;
    await portal.report(route.employer!, [id]);
    await portal.accept('ministry', id);
    await portal.review(route.review, id, 'approve', '符合注册条件，准予注册');
    await eventually(`the registration of case ${id}`, async () => (await models.RegistrationHistory.count({ where: { applicationId: id } })) > 0, () => portal.whereIs(id), 120_000);
    await portal.publish([id]);
    await eventually(`case ${id} 已发证 with its certificate`, async () => {
      const a = await models.Application.findByPk(id);
      return a?.status === '已发证' && (await models.Document.count({ where: { applicationId: id, kind: '注册证书' } })) > 0;
    }, () => portal.whereIs(id), 120_000);
    return performance.now() - started;
  };

  // One case first, unmeasured: the first page of everything is loaded and compiled.
  const [warm, ...measured] = engineers;
  await oneCase(warm);
  const counted = new Map(counts);
  const durations: number[] = [];
  const t0 = performance.now();
  await pool(measured, input.concurrency, async (applicant) => {
    durations.push(await oneCase(applicant));
  });
  const seconds = (performance.now() - t0) / 1000;
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const perCase = (kind: 'user' | 'service') => counted.get(`zhuce-initial-engineer|${kind}`) ?? 0;
  const shape = { service: Math.max(1, perCase('service')), user: Math.max(1, perCase('user')) };
  say(`${measured.length} cases in ${seconds.toFixed(1)} s; shape ${JSON.stringify(shape)}; peak RSS ${peakRssMb.toFixed(0)} MB`);

  let perWaitingKb: number | null = null;
  if (architects.length) perWaitingKb = await waitingMemory(world, portal, stage, architects);
  await runtime.stop();
  durations.sort((a, b) => a - b);
  return { casesPerSecond: measured.length / seconds, p50: quantile(durations, 0.5), p95: quantile(durations, 0.95), peakRssMb, shape, perWaitingKb, cases: measured.length };
}

/** Heap after a full GC, per instance of 一级注册建筑师 初始注册 waiting at its first user task (the employer's 上报). */
async function waitingMemory(world: World, portal: Portal, stage: Stage, architects: string[]): Promise<number | null> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) return null;
  const settle = async () => {
    for (let i = 0; i < 3; i++) {
      gc();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return process.memoryUsage().heapUsed;
  };
  // One case first, unmeasured: the process is loaded and its first instance compiled.
  const [first, ...rest] = architects;
  const warm = await portal.file(first, { profession: 'architect', matter: 'initial', formData: await stage.forms.of(first, 'architect', 'initial', { specialties: ['architecture'] }) });
  await portal.openTask(warm.application.id, 'employer-report');
  const before = await settle();
  const ids: number[] = [];
  await pool(rest, 4, async (applicant) => {
    const formData = await stage.forms.of(applicant, 'architect', 'initial', { specialties: ['architecture'] });
    const { application } = await portal.file(applicant, { profession: 'architect', matter: 'initial', formData });
    ids.push(application.id);
  });
  for (const id of ids) await portal.openTask(id, 'employer-report');
  const after = await settle();
  say(`${ids.length} waiting architect cases: heap ${((after - before) / 1024 / 1024).toFixed(1)} MB more`);
  return (after - before) / 1024 / ids.length;
}

/** The same number of service and user tasks in a row; workers that do nothing. */
async function baseline(sequelize: Sequelize, shape: { service: number; user: number }, cases: number) {
  const run = `${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
  const processId = `bench-noop-${run}`;
  const steps: string[] = [];
  // Spread the user tasks among the service tasks as a case meets them.
  for (let s = 0, u = 0; s < shape.service || u < shape.user; ) {
    if (u < shape.user && (s >= shape.service || (u + 1) / (shape.user + 1) <= (s + 1) / (shape.service + 1))) steps.push(`user${u++}`);
    else steps.push(`service${s++}`);
  }
  const serviceType = `bench-noop-${run}`;
  const elements = steps.map((step, i) => {
    const flow = `<bpmn:incoming>F${i}</bpmn:incoming><bpmn:outgoing>F${i + 1}</bpmn:outgoing>`;
    return step.startsWith('user')
      ? `<bpmn:userTask id="T${i}"><bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bench" /></bpmn:extensionElements>${flow}</bpmn:userTask>`
      : `<bpmn:serviceTask id="T${i}"><bpmn:extensionElements><zeebe:taskDefinition type="${serviceType}" /></bpmn:extensionElements>${flow}</bpmn:serviceTask>`;
  });
  const flows = steps.map((_, i) => `<bpmn:sequenceFlow id="F${i}" sourceRef="${i === 0 ? 'Start' : `T${i - 1}`}" targetRef="T${i}" />`);
  flows.push(`<bpmn:sequenceFlow id="F${steps.length}" sourceRef="T${steps.length - 1}" targetRef="End" />`);
  const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Bench" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>F0</bpmn:outgoing></bpmn:startEvent>
    ${elements.join('\n    ')}
    ${flows.join('\n    ')}
    <bpmn:endEvent id="End"><bpmn:incoming>F${steps.length}</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;
  const engine = newEngine(sequelize);
  await engine.start();
  try {
    await engine.deploy([{ name: `${processId}.bpmn`, content: bpmn }]);
    const last = `T${steps.length - 1}`;
    const lastIsUser = steps.at(-1)!.startsWith('user');
    const waiting = new Map<string, () => void>();
    const ended = (key: string) => {
      waiting.get(key)?.();
      waiting.delete(key);
    };
    engine.registerWorker({
      type: serviceType,
      maxJobsToActivate: 64,
      handler: async (job) => {
        if (!lastIsUser && job.elementId === last) setImmediate(() => ended(String(job.variables.applicationId)));
        return complete();
      },
    });
    engine.registerWorker({
      type: USER_TASK_JOB_TYPE,
      maxJobsToActivate: 64,
      timeoutMs: 60_000,
      handler: async (job) => {
        if (job.bpmnProcessId !== processId) return forward();
        setImmediate(() =>
          void engine
            .completeJob(job.key, { decision: 'approve' })
            .then(() => lastIsUser && job.elementId === last && ended(String(job.variables.applicationId)))
            .catch((err) => say(String(err))),
        );
        return forward();
      },
    });
    const oneCase = async (i: number) => {
      const started = performance.now();
      const key = `b${i}`;
      const done = new Promise<void>((resolve) => waiting.set(key, resolve));
      await engine.createInstance(processId, { applicationId: key });
      await done;
      return performance.now() - started;
    };
    await oneCase(-1);
    const durations: number[] = [];
    const t0 = performance.now();
    await pool(Array.from({ length: cases }, (_, i) => i), input.concurrency, async (i) => {
      durations.push(await oneCase(i));
    });
    const seconds = (performance.now() - t0) / 1000;
    durations.sort((a, b) => a - b);
    return { casesPerSecond: cases / seconds, p50: quantile(durations, 0.5), p95: quantile(durations, 0.95), steps: steps.length };
  } finally {
    await engine.stop();
  }
}

/** What a failure's first line leaves out: which fields a database refusal names, its statement, and where it was thrown. */
function detailsOf(err: Error): string {
  const { errors, sql } = err as Error & { errors?: Array<{ path?: string; message: string; value?: unknown }>; sql?: string };
  return [
    ...(errors ?? []).map((e) => `  ${e.path ?? ''}: ${e.message} (value ${JSON.stringify(e.value)})`),
    ...(sql ? [`  statement: ${sql.slice(0, 400)}`] : []),
    ...(err.stack ?? '').split('\n').slice(1, 8),
  ].join('\n');
}

const sequelize = openDatabase(input.databaseUrl);
await tuneDatabase(sequelize);
await migrateUp(sequelize);
try {
  const real = await wholeCases(sequelize);
  const base = await baseline(sequelize, real.shape, real.cases);
  process.stdout.write(`result ${JSON.stringify({ real, baseline: base, host: os.hostname() })}\n`);
} catch (err) {
  process.stdout.write(`error ${JSON.stringify(err instanceof Error ? `${err.message}\n${detailsOf(err)}\n${logLines.slice(-10).join('\n')}` : String(err))}\n`);
} finally {
  await sequelize.close().catch(() => undefined);
  process.exit(0);
}
