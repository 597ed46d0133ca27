/**
 * Instances per second through a three-step process on one engine adapter:
 * a service task, a user task (its job forwarded by a worker and completed
 * through completeJob, as the inbox does), and a second service task. Prints
 * a figure; it is a measurement, not a test.
 *
 *   npx tsx bench/engine-throughput.ts --engine embedded -n 500
 *   npx tsx bench/engine-throughput.ts --engine operaton -n 500  (needs OPERATON_URLS, OPERATON_USER, OPERATON_PASSWORD)
 *   npx tsx bench/engine-throughput.ts --engine zeebe -n 500     (needs ZEEBE_GRPC_ADDRESS of a licensed broker)
 *
 * The database is SQLite in memory, or DATABASE_URL when set. A warm-up batch
 * (a tenth of N, at least 5) runs first and is not counted.
 */
import crypto from 'node:crypto';
import { parseArgs } from 'node:util';
import type { Sequelize } from 'sequelize';
import { openDatabase, tuneDatabase } from '../server/db/connection.js';
import { migrateUp } from '../server/db/migrator.js';
import { USER_TASK_JOB_TYPE, complete, forward, type EnginePort } from '../server/engine/port.js';

const { values } = parseArgs({
  options: {
    engine: { type: 'string', default: 'embedded' },
    instances: { type: 'string', short: 'n', default: '200' },
    concurrency: { type: 'string', default: '8' },
  },
});
const engineKind = values.engine;
const total = Number(values.instances);
const concurrency = Number(values.concurrency);
if (engineKind !== 'embedded' && engineKind !== 'operaton' && engineKind !== 'zeebe') throw new Error('--engine must be embedded, operaton or zeebe');
if (!Number.isInteger(total) || total < 1) throw new Error('-n must be a positive integer');
if (!Number.isInteger(concurrency) || concurrency < 1) throw new Error('--concurrency must be a positive integer');

const run = `${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;
const processId = `bench-three-step-${run}`;
const intakeType = `bench-intake-${run}`;
const archiveType = `bench-archive-${run}`;

const bpmn = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" id="Bench" targetNamespace="http://bpmn.io/schema/bpmn">
  <bpmn:process id="${processId}" isExecutable="true">
    <bpmn:startEvent id="Start"><bpmn:outgoing>Flow_1</bpmn:outgoing></bpmn:startEvent>
    <bpmn:sequenceFlow id="Flow_1" sourceRef="Start" targetRef="Task_intake" />
    <bpmn:serviceTask id="Task_intake">
      <bpmn:extensionElements><zeebe:taskDefinition type="${intakeType}" /></bpmn:extensionElements>
      <bpmn:incoming>Flow_1</bpmn:incoming><bpmn:outgoing>Flow_2</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="Flow_2" sourceRef="Task_intake" targetRef="Task_review" />
    <bpmn:userTask id="Task_review">
      <bpmn:extensionElements><zeebe:assignmentDefinition candidateGroups="bench-reviewers" /></bpmn:extensionElements>
      <bpmn:incoming>Flow_2</bpmn:incoming><bpmn:outgoing>Flow_3</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_3" sourceRef="Task_review" targetRef="Task_archive" />
    <bpmn:serviceTask id="Task_archive">
      <bpmn:extensionElements><zeebe:taskDefinition type="${archiveType}" /></bpmn:extensionElements>
      <bpmn:incoming>Flow_3</bpmn:incoming><bpmn:outgoing>Flow_4</bpmn:outgoing>
    </bpmn:serviceTask>
    <bpmn:sequenceFlow id="Flow_4" sourceRef="Task_archive" targetRef="End" />
    <bpmn:endEvent id="End"><bpmn:incoming>Flow_4</bpmn:incoming></bpmn:endEvent>
  </bpmn:process>
</bpmn:definitions>`;

async function openEngine(sequelize: Sequelize): Promise<EnginePort> {
  const log = (msg: string) => console.error(msg);
  if (engineKind === 'operaton') {
    const { loadConfig } = await import('../server/config.js');
    const { OperatonEngine } = await import('../server/engine/operaton/index.js');
    return new OperatonEngine({ ...loadConfig({ ...process.env, ENGINE: 'operaton' }).operaton, sequelize, log });
  }
  if (engineKind === 'zeebe') {
    const grpcAddress = process.env.ZEEBE_GRPC_ADDRESS;
    if (!grpcAddress) throw new Error('--engine zeebe needs ZEEBE_GRPC_ADDRESS, e.g. grpc://127.0.0.1:26500');
    const { ZeebeEngine } = await import('../server/engine/zeebe/index.js');
    return new ZeebeEngine({ grpcAddress, sequelize, log, incidentSink: false });
  }
  const modulePath = '../server/engine/embedded/index.js';
  const { EmbeddedEngine } = await import(modulePath);
  return new EmbeddedEngine({ sequelize, log }) as EnginePort;
}

/** Counts instances that reached the last step, and lets a batch wait for its share. */
class Finish {
  private count = 0;
  private waiter?: { target: number; resolve: () => void };

  reached(): void {
    this.count += 1;
    if (this.waiter && this.count >= this.waiter.target) this.waiter.resolve();
  }

  async batch(engine: EnginePort, size: number): Promise<void> {
    const target = this.count + size;
    const finished = new Promise<void>((resolve) => (this.waiter = { target, resolve }));
    let started = 0;
    const starter = async () => {
      while (started < size) {
        started += 1;
        await engine.createInstance(processId, { applicationId: `bench-${target}-${started}` });
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, size) }, starter));
    await finished;
  }
}

async function main(): Promise<void> {
  const sequelize = openDatabase(process.env.DATABASE_URL || 'sqlite::memory:');
  await tuneDatabase(sequelize);
  await migrateUp(sequelize);
  const engine = await openEngine(sequelize);
  await engine.start();
  try {
    await engine.deploy([{ name: `${processId}.bpmn`, content: bpmn }]);
    const finish = new Finish();
    engine.registerWorker({ type: intakeType, maxJobsToActivate: 64, handler: async () => complete({ intake: 'ok' }) });
    engine.registerWorker({
      type: USER_TASK_JOB_TYPE,
      maxJobsToActivate: 64,
      timeoutMs: 60_000,
      handler: async (job) => {
        if (job.bpmnProcessId !== processId) return forward();
        // The inbox stores the task and completes the job later; here "later" is at once.
        setImmediate(() => void engine.completeJob(job.key, { decision: 'approve' }).catch((err) => console.error(err)));
        return forward();
      },
    });
    engine.registerWorker({
      type: archiveType,
      maxJobsToActivate: 64,
      handler: async () => {
        finish.reached();
        return complete();
      },
    });

    await finish.batch(engine, Math.max(5, Math.floor(total / 10)));
    const started = process.hrtime.bigint();
    await finish.batch(engine, total);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    console.log(
      `${engineKind}: ${total} instances of a three-step process (service task, user task, service task) in ${seconds.toFixed(2)} s = ${(total / seconds).toFixed(1)} instances/s (concurrency ${concurrency})`,
    );
  } finally {
    await engine.stop();
    await sequelize.close();
  }
}

await main();
