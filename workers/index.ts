/** Every job worker of the processes, registered on one engine. */
import type { EnginePort, WorkerHandle } from '../server/engine/port.js';
import { CHECK_WORKERS } from './checks/index.js';
import { EFFECT_WORKERS } from './effects/index.js';
import type { JobWorker, WorkerDeps } from './worker.js';

export const WORKERS: JobWorker[] = [...CHECK_WORKERS, ...EFFECT_WORKERS];

export function startWorkers(engine: EnginePort, deps: WorkerDeps, workers: JobWorker[] = WORKERS): WorkerHandle[] {
  return workers.map((worker) =>
    engine.registerWorker({
      type: worker.type,
      timeoutMs: worker.timeoutMs ?? 60_000,
      handler: (job) => worker.handle(job, deps),
    }),
  );
}
