/**
 * Row 3's server: the application as `npm start` builds it (server/main.ts),
 * with one more route in front of it, /bench/bare, a bare Express handler
 * in the same process and on the same port, the baseline of every page.
 * Prints `listening <port>` once it serves.
 */
import path from 'node:path';
import express from 'express';
import { createApp } from '../../server/app.js';
import { sessionSecretOf } from '../../server/auth/session-secret.js';
import { caseServices } from '../../server/cases/task-actions.js';
import { systemClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { openDatabase, tuneDatabase } from '../../server/db/connection.js';
import { migrateUp } from '../../server/db/migrator.js';
import { defineModels } from '../../server/db/models/index.js';
import { MonitorService } from '../../server/monitor/monitor-service.js';
import { startRuntime } from '../../server/runtime.js';
import { seedDemo } from '../../server/seed/demo.js';

const rootDir = path.resolve(import.meta.dirname, '..', '..');
const config = loadConfig();
const sequelize = openDatabase(config.databaseUrl);
await tuneDatabase(sequelize);
await migrateUp(sequelize);
const models = defineModels(sequelize);
await seedDemo(sequelize, models, { clock: systemClock });
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
const outer = express();
outer.get('/bench/bare', (_req, res) => {
  res.type('text/plain').send('ok');
});
outer.use(app);
const server = outer.listen(config.port, '127.0.0.1', () => console.log(`listening ${config.port}`));
process.on('SIGTERM', () => {
  server.close();
  void runtime.stop().then(() => sequelize.close()).finally(() => process.exit(0));
  setTimeout(() => process.exit(0), 5000).unref();
});
