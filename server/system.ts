/**
 * The whole system as `npm start` serves it: the database migrated (and the
 * demo data seeded once, when SEED_DEMO), the engine and its workers running,
 * and the Express application wired to them. The benchmark's page server
 * builds the same, so what it measures is what people get.
 */
import type { Express } from 'express';
import type { Sequelize } from 'sequelize';
import { createApp } from './app.js';
import { sessionSecretOf } from './auth/session-secret.js';
import { caseServices } from './cases/task-actions.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { openDatabase, tuneDatabase } from './db/connection.js';
import { migrateUp } from './db/migrator.js';
import { defineModels } from './db/models/index.js';
import { MonitorService } from './monitor/monitor-service.js';
import { startRuntime } from './runtime.js';
import { seedDemo } from './seed/demo.js';

export interface System {
  app: Express;
  runtime: Awaited<ReturnType<typeof startRuntime>>;
  sequelize: Sequelize;
  /** Whether this start wrote the demo data; null when SEED_DEMO is off. */
  seeded: boolean | null;
}

export async function startSystem(config: Config, rootDir: string): Promise<System> {
  const sequelize = openDatabase(config.databaseUrl);
  await tuneDatabase(sequelize);
  await migrateUp(sequelize);
  const models = defineModels(sequelize);
  const seeded = config.seedDemo ? await seedDemo(sequelize, models, { clock: systemClock }) : null;
  const runtime = await startRuntime({ config, sequelize, models, clock: systemClock, rootDir });
  const app = createApp({
    config,
    models,
    clock: systemClock,
    rootDir,
    cases: caseServices({ models, ...runtime }),
    applications: runtime.applications,
    studio: { studio: runtime.studioService, versions: runtime.versions, dryRun: runtime.dryRun },
    monitor: new MonitorService({ engine: runtime.engine, catalog: runtime.catalog, models, clock: systemClock }),
    sessionSecret: sessionSecretOf(config),
  });
  return { app, runtime, sequelize, seeded };
}
