/**
 * Job workers: each registered worker is handed activatable jobs of its type
 * (up to maxJobsToActivate at a time) when a step makes some available and on
 * every scheduler tick, runs its handler on them, and reports the handler's
 * decision back. A handler that throws fails the job with one retry less
 * and the port's back-off, as the Zeebe adapter does.
 */
import { THROWN_HANDLER_RETRY_BACKOFF_MS, type Job, type JobResult, type WorkerHandle, type WorkerOptions } from '../port.js';

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_MAX_JOBS = 32;

export interface WorkerEngine {
  activate(worker: { type: string; worker: string; maxJobs: number; timeoutMs: number; fetchVariables?: string[] }): Promise<Job[]>;
  hasWork(type: string): boolean;
  apply(job: Job, result: JobResult): Promise<void>;
  log(msg: string): void;
}

interface Worker {
  name: string;
  options: WorkerOptions;
  timeoutMs: number;
  maxJobs: number;
  active: number;
  activating: boolean;
  /** Work turned up while the worker was activating: it looks again right after. */
  lookAgain: boolean;
  closed: boolean;
}

export class WorkerPool {
  private readonly workers = new Set<Worker>();
  private readonly inFlight = new Set<Promise<void>>();
  private count = 0;
  private running = false;

  constructor(private readonly engine: WorkerEngine) {}

  register(options: WorkerOptions): WorkerHandle {
    const worker: Worker = {
      name: `${options.type}#${++this.count}`,
      options,
      timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxJobs: options.maxJobsToActivate ?? DEFAULT_MAX_JOBS,
      active: 0,
      activating: false,
      lookAgain: false,
      closed: false,
    };
    this.workers.add(worker);
    this.poll(new Set([options.type]));
    return {
      close: async () => {
        worker.closed = true;
        this.workers.delete(worker);
      },
    };
  }

  /** Starts handing out jobs; before this, registered workers wait. */
  resume(): void {
    this.running = true;
    this.poll();
  }

  pause(): void {
    this.running = false;
  }

  /** Lets workers (of the given types, or all) fetch jobs if they have room. */
  poll(types?: Set<string>): void {
    if (!this.running) return;
    for (const worker of this.workers) {
      if (types && !types.has(worker.options.type)) continue;
      if (worker.activating) worker.lookAgain = true;
      if (worker.closed || worker.activating || worker.active >= worker.maxJobs) continue;
      if (!this.engine.hasWork(worker.options.type)) continue;
      this.track(this.activate(worker));
    }
  }

  /** Resolves when no handler is running and no result is being reported, or after `timeoutMs` at the latest. */
  async idle(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    const drained = (async () => {
      while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    })();
    await Promise.race([drained, deadline]);
    clearTimeout(timer);
    if (this.inFlight.size) this.engine.log(`stopping with ${this.inFlight.size} job handlers still running`);
  }

  private async activate(worker: Worker): Promise<void> {
    worker.activating = true;
    let jobs: Job[] = [];
    try {
      jobs = await this.engine.activate({
        type: worker.options.type,
        worker: worker.name,
        maxJobs: worker.maxJobs - worker.active,
        timeoutMs: worker.timeoutMs,
        fetchVariables: worker.options.fetchVariables,
      });
    } catch (err) {
      this.engine.log(`worker ${worker.name} could not activate jobs: ${(err as Error).message}`);
    } finally {
      worker.activating = false;
    }
    if (worker.lookAgain) {
      worker.lookAgain = false;
      queueMicrotask(() => this.poll(new Set([worker.options.type])));
    }
    for (const job of jobs) {
      worker.active++;
      this.track(
        this.handle(worker, job).finally(() => {
          worker.active--;
          this.poll(new Set([worker.options.type]));
        }),
      );
    }
  }

  private async handle(worker: Worker, job: Job): Promise<void> {
    let result: JobResult;
    try {
      result = await worker.options.handler(job);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.engine.log(`handler for ${job.type} job ${job.key} threw: ${message}`);
      result = { outcome: 'fail', errorMessage: message, retries: job.retries - 1, retryBackOffMs: THROWN_HANDLER_RETRY_BACKOFF_MS };
    }
    try {
      await this.engine.apply(job, result);
    } catch (err) {
      this.engine.log(`worker ${worker.name}: ${result.outcome} of job ${job.key} not taken: ${(err as Error).message}`);
    }
  }

  private track(promise: Promise<void>): void {
    this.inFlight.add(promise);
    void promise.finally(() => this.inFlight.delete(promise));
  }
}
