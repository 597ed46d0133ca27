/** Every job worker of the processes, registered on one engine. */
import type { EnginePort, WorkerHandle } from '../server/engine/port.js';
import type { JobWorker, WorkerDeps } from './worker.js';

export const WORKERS: JobWorker[] = [];

export function startWorkers(engine: EnginePort, deps: WorkerDeps, workers: JobWorker[] = WORKERS): WorkerHandle[] {
  return workers.map((worker) =>
    engine.registerWorker({
      type: worker.type,
      timeoutMs: worker.timeoutMs ?? 60_000,
      handler: (job) => worker.handle(job, deps),
    }),
  );
}
