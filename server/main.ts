/**
 * `npm start`: migrate, seed the demo data on first start, start the engine
 * and its workers, serve http://localhost:PORT.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp } from './app.js';
import { MonitorService } from './monitor/monitor-service.js';
import { sessionSecretOf } from './auth/session-secret.js';
import { caseServices } from './cases/task-actions.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase, tuneDatabase } from './db/connection.js';
import { migrateUp } from './db/migrator.js';
import { defineModels } from './db/models/index.js';
import { startRuntime } from './runtime.js';
import { seedDemo } from './seed/demo.js';

const rootDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function main(): Promise<void> {
  const config = loadConfig();
  const sequelize = openDatabase(config.databaseUrl);
  await tuneDatabase(sequelize);
  await migrateUp(sequelize);
  const models = defineModels(sequelize);
  if (config.seedDemo) {
    const seeded = await seedDemo(sequelize, models, { clock: systemClock });
    console.log(seeded ? '演示数据已生成' : '演示数据已存在，保持不变');
  }
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
  const server = app.listen(config.port, () => {
    console.log(`注册通 listening on http://localhost:${config.port} (engine: ${config.engine}, database: ${sequelize.getDialect()})`);
  });
  const shutdown = () => {
    server.close(() => void runtime.stop().then(() => sequelize.close()).then(() => process.exit(0)));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? `配置错误 (configuration error): ${err.message}` : err);
  process.exit(1);
});
