/**
 * What every job worker module is: a job type and a handler that gets the
 * job and the collaborators it may use. Handlers must be idempotent — the
 * engine delivers at least once — so every write is keyed by the job's
 * element instance (see `dedupeKey`).
 */
import type { Sequelize } from 'sequelize';
import type { CaseEvents } from '../server/applications/case-events.js';
import type { Clock } from '../server/clock.js';
import type { Models } from '../server/db/models/index.js';
import type { DocumentService } from '../server/documents/document-service.js';
import type { EnginePort, Job, JobResult } from '../server/engine/port.js';
import type { UserTaskService } from '../server/inbox/user-task-service.js';
import type { Registers } from '../server/registers/ports.js';

export interface WorkerDeps {
  models: Models;
  sequelize: Sequelize;
  clock: Clock;
  engine: EnginePort;
  registers: Registers;
  documents: DocumentService;
  caseEvents: CaseEvents;
  userTasks: UserTaskService;
  log: (message: string) => void;
}

export interface JobWorker {
  type: string;
  /** Defaults to one minute: every worker here finishes in well under that. */
  timeoutMs?: number;
  handle(job: Job, deps: WorkerDeps): Promise<JobResult>;
}

/** The key that makes a job's writes happen once, whichever delivery performs them. */
export function dedupeKey(job: Job, suffix = ''): string {
  return `${job.bpmnProcessId}:${job.elementInstanceKey}${suffix ? `:${suffix}` : ''}`;
}

/** The application a job works on, or a failure the engine turns into an incident. */
export async function applicationOf(job: Job, deps: WorkerDeps) {
  const id = Number(job.variables.applicationId);
  const application = Number.isInteger(id) ? await deps.models.Application.findByPk(id) : null;
  if (!application) throw new Error(`job ${job.type} without a known applicationId (${String(job.variables.applicationId)})`);
  return application;
}
