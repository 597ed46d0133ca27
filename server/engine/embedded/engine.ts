/**
 * The embedded engine adapter: runs Zeebe-flavoured BPMN in this process on
 * bpmn-engine, keeps all of its state in the application's database, and
 * carries on after a restart from what is stored. Every change happens in a
 * step (one transaction, see step.ts), and steps run one at a time.
 */
import type { Sequelize } from 'sequelize';
import { systemClock, type Clock } from '../../clock.js';
import type {
  Deployment,
  EnginePort,
  Incident,
  InstanceDetail,
  InstanceState,
  InstanceSummary,
  Job,
  JobResult,
  ProcessInstance,
  ProcessVersion,
  PublishMessage,
  Resource,
  Variables,
  VersionStatistics,
  WorkerHandle,
  WorkerOptions,
} from '../port.js';
import { DefinitionRegistry } from './definitions.js';
import { deploy, readResources } from './deploy.js';
import { JobIndex, TimerIndex } from './indexes.js';
import { activateJobs, completeJob, failJob, resolveIncident, throwError, timeOutJobs } from './jobs.js';
import { KeyAllocator } from './keys.js';
import { expireMessages, publishMessage } from './messages.js';
import { NotFoundError, RejectedError, RuntimeCache, Step, type EngineContext } from './step.js';
import { EngineStore } from './store.js';
import { EmbeddedMonitor } from './monitor.js';
import { fireTimer } from './timers.js';
import { WorkerPool } from './workers.js';

export interface EmbeddedEngineOptions {
  sequelize: Sequelize;
  clock?: Clock;
  log?: (msg: string) => void;
  /** Memory for recovered instances kept between steps (default 256 MiB); 0 recovers every instance from the database each step. */
  instanceCacheBytes?: number;
}

/** How often due timers, job deadlines and waiting workers are looked at. */
const TICK_MS = 100;
const MESSAGE_EXPIRY_EVERY_MS = 10_000;
/** How long stop() lets running job handlers finish and report. */
const STOP_GRACE_MS = 10_000;

export class EmbeddedEngine implements EnginePort {
  readonly kind = 'embedded' as const;
  private readonly ctx: EngineContext;
  private readonly workers: WorkerPool;
  private queue: Promise<unknown> = Promise.resolve();
  private loading?: Promise<void>;
  private ticker?: NodeJS.Timeout;
  private ticking = false;
  private lastExpiry = 0;

  constructor({ sequelize, clock = systemClock, log = () => {}, instanceCacheBytes }: EmbeddedEngineOptions) {
    const store = new EngineStore(sequelize);
    this.workers = new WorkerPool({
      activate: (w) => this.run((step) => activateJobs(step, w)),
      hasWork: (type) => this.ctx.jobIndex.hasActivatable(type, this.ctx.clock.now().getTime()),
      apply: (job, result) => this.apply(job, result),
      log,
    });
    this.ctx = {
      store,
      keys: new KeyAllocator(store),
      clock,
      log,
      definitions: new DefinitionRegistry(),
      runtimes: new RuntimeCache(instanceCacheBytes),
      jobIndex: new JobIndex(),
      timerIndex: new TimerIndex(),
      jobsAvailable: (types) => this.workers.poll(types),
    };
  }

  async start(): Promise<void> {
    await this.load();
    if (this.ticker) return;
    this.ticker = setInterval(() => void this.tick(), TICK_MS);
    this.workers.resume();
  }

  async stop(): Promise<void> {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.workers.pause();
    await this.workers.idle(STOP_GRACE_MS);
    await this.queue;
  }

  async deploy(resources: Resource[]): Promise<Deployment> {
    const read = await readResources(resources);
    return this.run((step) => deploy(step, read));
  }

  createInstance(bpmnProcessId: string, variables: Variables = {}): Promise<ProcessInstance> {
    return this.run(async (step) => {
      const definition = step.ctx.definitions.latest(bpmnProcessId);
      if (!definition) {
        throw new NotFoundError(`Expected to find process definition with process ID '${bpmnProcessId}', but none found`);
      }
      const start = definition.model.noneStartEvent();
      if (!start) {
        throw new RejectedError(
          `Expected to create instance of process with none start event, but there is no such event in process '${bpmnProcessId}'`,
        );
      }
      const rt = await step.createInstance(definition, start.id, variables);
      return {
        processInstanceKey: rt.key,
        bpmnProcessId: definition.bpmnProcessId,
        version: definition.version,
        processDefinitionKey: definition.key,
      };
    });
  }

  cancelInstance(processInstanceKey: string): Promise<void> {
    return this.run(async (step) => {
      const row = await step.store.one(step.store.instances, { key: processInstanceKey }, step.t);
      if (!row || (row.state !== 'active' && row.state !== 'failed')) {
        throw new NotFoundError(
          `Expected to cancel a process instance with key '${processInstanceKey}', but no such process was found`,
        );
      }
      if (row.parentInstanceKey) {
        let root = row;
        while (root.parentInstanceKey) {
          const parent = await step.store.one(step.store.instances, { key: root.parentInstanceKey }, step.t);
          if (!parent) break;
          root = parent;
        }
        throw new RejectedError(
          `Expected to cancel a process instance with key '${processInstanceKey}', but it is created by a parent process instance. Cancel the root process instance '${root.key}' instead.`,
        );
      }
      await step.terminate(processInstanceKey);
    });
  }

  publishMessage(message: PublishMessage): Promise<void> {
    return this.run((step) => publishMessage(step, message));
  }

  registerWorker(options: WorkerOptions): WorkerHandle {
    return this.workers.register(options);
  }

  completeJob(jobKey: string, variables?: Variables): Promise<void> {
    return this.run((step) => completeJob(step, jobKey, variables));
  }

  failJob(jobKey: string, errorMessage: string, retries: number, retryBackOffMs?: number): Promise<void> {
    return this.run((step) => failJob(step, jobKey, errorMessage, retries, retryBackOffMs));
  }

  throwError(jobKey: string, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void> {
    return this.run((step) => throwError(step, jobKey, errorCode, errorMessage, variables));
  }

  async listIncidents(filter: { processInstanceKey?: string } = {}): Promise<Incident[]> {
    await this.load();
    const { store } = this.ctx;
    const where = filter.processInstanceKey ? { processInstanceKey: filter.processInstanceKey } : {};
    const rows = await store.all(store.incidents, where);
    return rows.map((row) => ({
      key: row.key,
      processInstanceKey: row.processInstanceKey,
      bpmnProcessId: row.bpmnProcessId,
      elementId: row.elementId,
      elementInstanceKey: row.elementInstanceKey,
      ...(row.jobKey ? { jobKey: row.jobKey } : {}),
      errorType: row.errorType,
      errorMessage: row.errorMessage,
      createdAt: new Date(row.createdAt),
    }));
  }

  resolveIncident(incidentKey: string, retries?: number): Promise<void> {
    return this.run((step) => resolveIncident(step, incidentKey, retries));
  }

  async processVersions(bpmnProcessId: string): Promise<ProcessVersion[]> {
    await this.load();
    return new EmbeddedMonitor(this.ctx.store).processVersions(bpmnProcessId);
  }

  async versionStatistics(processDefinitionKey: string): Promise<VersionStatistics> {
    await this.load();
    return new EmbeddedMonitor(this.ctx.store).versionStatistics(processDefinitionKey);
  }

  async listInstances(filter: { processDefinitionKey: string; state?: InstanceState; limit?: number; offset?: number }): Promise<InstanceSummary[]> {
    await this.load();
    return new EmbeddedMonitor(this.ctx.store).listInstances(filter);
  }

  async instance(processInstanceKey: string): Promise<InstanceDetail | null> {
    await this.load();
    return new EmbeddedMonitor(this.ctx.store).instance(processInstanceKey, (key) => this.listIncidents({ processInstanceKey: key }));
  }

  /** Reports a worker handler's decision on a job. */
  private async apply(job: Job, result: JobResult): Promise<void> {
    switch (result.outcome) {
      case 'complete':
        return this.completeJob(job.key, result.variables);
      case 'fail':
        return this.run((step) =>
          failJob(step, job.key, result.errorMessage, result.retries ?? job.retries - 1, result.retryBackOffMs, result.variables),
        );
      case 'error':
        return this.throwError(job.key, result.errorCode, result.errorMessage, result.variables);
      case 'forward':
        return;
    }
  }

  /** One step at a time; a failed step rolls back and leaves nothing of itself in memory. */
  private run<T>(work: (step: Step) => Promise<T>): Promise<T> {
    const result = this.queue.then(async () => {
      await this.load();
      let step: Step | undefined;
      try {
        const value = await this.ctx.store.sequelize.transaction(async (t) => {
          step = new Step(this.ctx, t);
          await this.ctx.keys.ensure(t);
          const value = await work(step);
          await step.settle();
          await step.save();
          return value;
        });
        step!.committed();
        return value;
      } catch (err) {
        step?.rolledBack();
        throw err;
      }
    });
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Reads definitions and the job and timer tables into memory, once. */
  private load(): Promise<void> {
    this.loading ??= (async () => {
      const { store, definitions, jobIndex, timerIndex } = this.ctx;
      await definitions.load(store);
      for (const job of await store.all(store.jobs, {})) jobIndex.set(job);
      for (const timer of await store.all(store.timers, {})) timerIndex.set(timer);
    })();
    return this.loading;
  }

  private async tick(): Promise<void> {
    if (this.ticking) return;
    this.ticking = true;
    try {
      const now = this.ctx.clock.now().getTime();
      for (const timer of this.ctx.timerIndex.due(now)) {
        await this.run((step) => fireTimer(step, timer)).catch((err: Error) =>
          this.ctx.log(`timer ${timer.key} (${timer.elementId}) did not fire: ${err.message}`),
        );
      }
      const timedOut = this.ctx.jobIndex.timedOut(now);
      if (timedOut.length) await this.run((step) => timeOutJobs(step, timedOut));
      if (now - this.lastExpiry >= MESSAGE_EXPIRY_EVERY_MS) {
        this.lastExpiry = now;
        await this.run((step) => expireMessages(step));
      }
      this.workers.poll();
    } catch (err) {
      this.ctx.log(`scheduler: ${(err as Error).message}`);
    } finally {
      this.ticking = false;
    }
  }
}
