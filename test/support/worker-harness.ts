/**
 * Runs job workers without an engine: a migrated database, the real
 * collaborators, a settable clock, and jobs built by hand. A worker test
 * delivers the same job twice to show it is idempotent.
 */
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import type { JobWorker, WorkerDeps } from '../../workers/worker.js';
import { CaseEvents } from '../../server/applications/case-events.js';
import { ManualClock } from '../../server/clock.js';
import { defineModels, type Models } from '../../server/db/models/index.js';
import { DocumentService } from '../../server/documents/document-service.js';
import { ProcessCatalog } from '../../server/engine/process-catalog.js';
import type { Job, JobResult } from '../../server/engine/port.js';
import { FormRegistry } from '../../server/forms/registry.js';
import { UserTaskService } from '../../server/inbox/user-task-service.js';
import { localRegisters } from '../../server/registers/local.js';
import { migratedDatabase } from './database.js';
import { RecordingEngine } from './recording-engine.js';

export interface WorkerHarness {
  sequelize: Sequelize;
  models: Models;
  clock: ManualClock;
  engine: RecordingEngine;
  deps: WorkerDeps;
  /** Runs the worker on a job with these variables and headers. */
  run(worker: JobWorker, job: Partial<Job> & { variables: Job['variables'] }): Promise<JobResult>;
  close(): Promise<void>;
}

let nextKey = 1;

export function job(overrides: Partial<Job> & { variables: Job['variables'] }): Job {
  const key = String(nextKey++);
  return {
    key,
    type: 'zhuce.test',
    processInstanceKey: '9000',
    bpmnProcessId: 'zhuce-initial-engineer',
    processDefinitionVersion: 1,
    elementId: 'Task_Test',
    elementInstanceKey: `ei-${key}`,
    customHeaders: {},
    retries: 3,
    deadline: Date.now() + 60_000,
    ...overrides,
  };
}

export async function workerHarness(now = new Date('2026-11-23T02:00:00Z')): Promise<WorkerHarness> {
  const sequelize = await migratedDatabase();
  const models = defineModels(sequelize);
  const clock = new ManualClock(now);
  const engine = new RecordingEngine();
  const root = path.resolve('.');
  const catalog = new ProcessCatalog();
  const deps: WorkerDeps = {
    models,
    sequelize,
    clock,
    engine,
    registers: localRegisters(models),
    documents: new DocumentService({ models, sequelize, clock, templatesDir: path.join(root, 'templates'), publicUrl: 'http://localhost:3000' }),
    caseEvents: new CaseEvents({ models, sequelize, clock }),
    userTasks: new UserTaskService({ engine, models, sequelize, clock, forms: FormRegistry.fromDirectory(path.join(root, 'forms')), catalog }),
    log: () => {},
  };
  return {
    sequelize,
    models,
    clock,
    engine,
    deps,
    run: (worker, overrides) => worker.handle(job({ type: worker.type, ...overrides }), deps),
    close: () => sequelize.close(),
  };
}
