/**
 * Child process of crash.spec.ts: the application as `npm start` builds it
 * (startRuntime: engine, deployed models, inbox, workers) on the engine its
 * environment names (ENGINE with OPERATON_URLS, OPERATON_USER,
 * OPERATON_PASSWORD, or with ZEEBE_GRPC_ADDRESS: loadConfig + createEngine),
 * with one service-task worker of the crash fixture. The parent drives it
 * through stdin and watches stdout, one line each:
 *
 *   in:  create <caseRef> <ISO duration>   start a case whose timer waits that long
 *        complete <taskId>                 submit the review form through UserTaskService.complete
 *        publish <caseRef>                 publish the documents message with no time to live
 *        stop                              shut down cleanly
 *   out: ready | created <caseRef> <processInstanceKey> | user-task <processInstanceKey> <elementInstanceKey> <jobKey>
 *        | completing <jobKey> | completed <taskId> | published <caseRef> | stopped | error <message>
 *
 * Keys are the engine's: numbers on Zeebe, UUIDs and activity-instance ids
 * (`Task_review:…`) on Operaton. `user-task` is printed after the inbox has
 * recorded a delivered user-task job. With --hang-on-complete the engine never answers a completeJob call
 * after printing `completing`: the inbox row is then 'completing' and the
 * parent kills the process exactly between the database write and the engine.
 *
 * Usage: crash-app.ts <database url> <root dir with forms/ and processes/> <run suffix> [--hang-on-complete]
 */
import readline from 'node:readline';
import { systemClock } from '../../../../server/clock.js';
import { loadConfig } from '../../../../server/config.js';
import { openDatabase, tuneDatabase } from '../../../../server/db/connection.js';
import { migrateUp } from '../../../../server/db/migrator.js';
import { defineModels } from '../../../../server/db/models/index.js';
import { createEngine } from '../../../../server/engine/create-engine.js';
import { complete, USER_TASK_JOB_TYPE, type EnginePort } from '../../../../server/engine/port.js';
import { startRuntime } from '../../../../server/runtime.js';
import { auditedBefore, writeAudit } from '../../../../workers/effects/audit.js';
import { dedupeKey, type JobWorker } from '../../../../workers/worker.js';
import { CRASH_USER_TASK_TIMEOUT_MS, crashIds, REVIEW_SUBMISSION, REVIEWER } from './crash-case.js';

const [url, rootDir, suffix, ...flags] = process.argv.slice(2);
const hangOnComplete = flags.includes('--hang-on-complete');
const ids = crashIds(suffix);
const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/**
 * Every step of the fixture leaves one audit row, keyed by its element
 * instance like the real effect workers, on the case reference (an audit
 * entity id has 32 characters: an Operaton process instance id has 36).
 */
const step: JobWorker = {
  type: ids.stepType,
  async handle(job, deps) {
    const key = dedupeKey(job);
    await deps.sequelize.transaction(async (transaction) => {
      if (await auditedBefore(deps, key, transaction)) return;
      await writeAudit(deps, transaction, {
        action: `zc-step:${job.elementId}`,
        entityType: 'zc-case',
        entityId: String(job.variables.caseRef),
        detail: { pid: process.pid, jobKey: job.key, processInstanceKey: job.processInstanceKey, decision: job.variables.decision ?? null },
        dedupeKey: key,
      });
    });
    return complete();
  },
};

/** The adapter, with the two points the parent watches: inbox deliveries and job completions. */
function instrumented(engine: EnginePort): EnginePort {
  return {
    kind: engine.kind,
    start: () => engine.start(),
    stop: () => engine.stop(),
    deploy: (resources) => engine.deploy(resources),
    createInstance: (id, variables) => engine.createInstance(id, variables),
    cancelInstance: (key) => engine.cancelInstance(key),
    publishMessage: (message) => engine.publishMessage(message),
    registerWorker: (options) =>
      engine.registerWorker(
        options.type !== USER_TASK_JOB_TYPE
          ? options
          : {
              ...options,
              handler: async (job) => {
                const result = await options.handler(job);
                say(`user-task ${job.processInstanceKey} ${job.elementInstanceKey} ${job.key}`);
                return result;
              },
            },
      ),
    completeJob: async (jobKey, variables) => {
      if (!hangOnComplete) return engine.completeJob(jobKey, variables);
      say(`completing ${jobKey}`);
      return new Promise<void>(() => {});
    },
    failJob: (jobKey, message, retries, backOff) => engine.failJob(jobKey, message, retries, backOff),
    throwError: (jobKey, code, message, variables) => engine.throwError(jobKey, code, message, variables),
    listIncidents: (filter) => engine.listIncidents(filter),
    resolveIncident: (key, retries) => engine.resolveIncident(key, retries),
    processVersions: (id) => engine.processVersions(id),
    versionStatistics: (key) => engine.versionStatistics(key),
    listInstances: (filter) => engine.listInstances(filter),
    instance: (key) => engine.instance(key),
  };
}

const env = process.env;
const config = loadConfig({
  ENGINE: env.ENGINE,
  OPERATON_URLS: env.OPERATON_URLS,
  OPERATON_USER: env.OPERATON_USER,
  OPERATON_PASSWORD: env.OPERATON_PASSWORD,
  ZEEBE_GRPC_ADDRESS: env.ZEEBE_GRPC_ADDRESS,
  ZEEBE_INCIDENT_SINK_PORT: env.ZEEBE_INCIDENT_SINK_PORT,
  DATABASE_URL: url,
  SEED_DEMO: 'false',
});
const sequelize = openDatabase(url);
// As server/main.ts opens it.
await tuneDatabase(sequelize);
await migrateUp(sequelize);
const models = defineModels(sequelize);
const log = (message: string) => process.stderr.write(`crash-app ${process.pid}: ${message}\n`);
const engine = createEngine(config, sequelize, systemClock, log);
const runtime = await startRuntime({
  config,
  sequelize,
  models,
  clock: systemClock,
  rootDir,
  engine: instrumented(engine),
  workers: [step],
  userTaskTimeoutMs: CRASH_USER_TASK_TIMEOUT_MS,
  log,
});
say('ready');

async function run(command: string, args: string[]): Promise<void> {
  switch (command) {
    case 'create': {
      const [caseRef, cooling] = args;
      const instance = await runtime.engine.createInstance(ids.processId, { caseRef, cooling });
      return say(`created ${caseRef} ${instance.processInstanceKey}`);
    }
    case 'complete':
      await runtime.userTasks.complete(Number(args[0]), REVIEWER, REVIEW_SUBMISSION);
      return say(`completed ${args[0]}`);
    case 'publish':
      await runtime.engine.publishMessage({ name: ids.messageName, correlationKey: args[0], timeToLiveMs: 0 });
      return say(`published ${args[0]}`);
    case 'stop':
      await runtime.stop();
      await sequelize.close();
      say('stopped');
      return process.exit(0);
    default:
      throw new Error(`unknown command "${command}"`);
  }
}

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, ...args] = line.trim().split(/\s+/);
  // Commands run one after another, in the order the parent sent them.
  await run(command, args).catch((err: unknown) => say(`error ${command}: ${err instanceof Error ? err.message : String(err)}`));
}
// The parent went away without a word: leave nothing running.
await run('stop', []);
