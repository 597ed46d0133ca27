/**
 * The running system behind the web application: the engine with the
 * processes and forms deployed, the inbox, the workers, and the services the
 * portals call. `npm start` and the scenario tests build it the same way.
 */
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { startWorkers } from '../workers/index.js';
import type { JobWorker, WorkerDeps } from '../workers/worker.js';
import { ApplicationService } from './applications/application-service.js';
import { CaseEvents } from './applications/case-events.js';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Models } from './db/models/index.js';
import { DocumentService } from './documents/document-service.js';
import { createEngine } from './engine/create-engine.js';
import { readModels } from './engine/deploy-models.js';
import type { EnginePort, WorkerHandle } from './engine/port.js';
import { ProcessCatalog } from './engine/process-catalog.js';
import { FormRegistry } from './forms/registry.js';
import { UserTaskService } from './inbox/user-task-service.js';
import { localRegisters } from './registers/local.js';
import { defineStudioModels } from './studio/models.js';
import { VersionLedger } from './studio/versions.js';
import { DeployChecks } from './studio/checks.js';
import { StudioService } from './studio/studio-service.js';
import { DryRunner } from './studio/dry-run.js';
import { OutboxSms } from './sms/outbox.js';
import { SmsCodes } from './sms/codes.js';

export interface RuntimeOptions {
  config: Config;
  sequelize: Sequelize;
  models: Models;
  clock: Clock;
  rootDir: string;
  /** A ready engine (tests); otherwise the configured adapter. */
  engine?: EnginePort;
  workers?: JobWorker[];
  userTaskTimeoutMs?: number;
  log?: (message: string) => void;
}

export type Runtime = Awaited<ReturnType<typeof startRuntime>>;

export async function startRuntime(options: RuntimeOptions) {
  const { config, sequelize, models, clock, rootDir } = options;
  const log = options.log ?? ((m: string) => console.log(m));
  const engine = options.engine ?? createEngine(config, sequelize, clock, log);
  const catalog = new ProcessCatalog();
  const forms = FormRegistry.fromDirectory(path.join(rootDir, 'forms'));
  const registers = localRegisters(models);
  const documents = new DocumentService({ models, sequelize, clock, templatesDir: path.join(rootDir, 'templates'), publicUrl: config.publicUrl });
  const caseEvents = new CaseEvents({ models, sequelize, clock });
  const userTasks = new UserTaskService({ engine, models, sequelize, clock, forms, catalog, jobTimeoutMs: options.userTaskTimeoutMs, log });

  const studio = defineStudioModels(sequelize);
  const versions = new VersionLedger({ engine, studio, sequelize, clock, catalog, forms, log });

  await engine.start();
  // The baseline files, unless an analyst's newer version stands (server/studio/versions.ts).
  await versions.syncBaseline(readModels([path.join(rootDir, 'forms'), path.join(rootDir, 'processes')]));
  await userTasks.start();
  const deps: WorkerDeps = { models, sequelize, clock, engine, registers, documents, caseEvents, userTasks, log };
  const handles: WorkerHandle[] = startWorkers(engine, deps, options.workers);
  const studioService = new StudioService({ versions, checks: new DeployChecks(rootDir), studio, models, sequelize, clock });
  // The SMS port: the development outbox until a gateway connector replaces it (server/sms/port.ts).
  const sms = new OutboxSms({ sequelize, clock });
  const smsCodes = new SmsCodes({ sequelize, clock, sms });
  const applications = new ApplicationService({ models, sequelize, clock, engine, catalog, forms, userTasks, caseEvents, registers, documents, smsCodes, log });

  return {
    engine,
    catalog,
    forms,
    studio,
    versions,
    studioService,
    dryRun: new DryRunner({ versions, rootDir, clock }),
    registers,
    documents,
    caseEvents,
    userTasks,
    applications,
    sms,
    smsCodes,
    async stop() {
      await Promise.all(handles.map((h) => h.close()));
      await userTasks.stop();
      await engine.stop();
    },
  };
}
