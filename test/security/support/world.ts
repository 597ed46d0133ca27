/**
 * The whole web application over HTTP on a fresh database with the demo data
 * and the embedded engine, as the security suites attack it. The
 * application's clock runs on real time plus an offset a test moves (a
 * session's idle limit, a commitment letter's 60 seconds); the engine keeps
 * real time.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type express from 'express';
import type { Sequelize } from 'sequelize';
import { createApp } from '../../../server/app.js';
import { caseServices } from '../../../server/cases/task-actions.js';
import { systemClock } from '../../../server/clock.js';
import { loadConfig, type Config } from '../../../server/config.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { EmbeddedEngine } from '../../../server/engine/embedded/index.js';
import { MonitorService } from '../../../server/monitor/monitor-service.js';
import { startRuntime, type Runtime } from '../../../server/runtime.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { migratedDatabase } from '../../support/database.js';
import { OffsetClock } from '../../support/offset-clock.js';

export interface World {
  sequelize: Sequelize;
  models: Models;
  runtime: Runtime;
  app: express.Express;
  config: Config;
  clock: OffsetClock;
  base: string;
  close(): Promise<void>;
}

export async function openWorld(env: Record<string, string> = {}): Promise<World> {
  const clock = new OffsetClock();
  const sequelize = await migratedDatabase();
  const models = defineModels(sequelize);
  await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
  const config = loadConfig(env);
  const rootDir = path.resolve('.');
  const runtime = await startRuntime({ config, sequelize, models, clock, rootDir, engine: new EmbeddedEngine({ sequelize, clock: systemClock }), log: () => {} });
  const monitor = new MonitorService({ engine: runtime.engine, catalog: runtime.catalog, models, clock });
  const app = createApp({ config, models, clock, rootDir, cases: caseServices({ models, ...runtime }), applications: runtime.applications, monitor, studio: { studio: runtime.studioService, versions: runtime.versions } });
  const server: Server = app.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    sequelize,
    models,
    runtime,
    app,
    config,
    clock,
    base,
    async close() {
      await new Promise((resolve) => server.close(resolve));
      await runtime.stop();
      await sequelize.close();
    },
  };
}

/** Row counts of the tables a request could change; equal snapshots mean nothing was written. */
export async function snapshot(models: Models): Promise<Record<string, number>> {
  const tables = ['Application', 'ApplicationEvent', 'Appeal', 'Attachment', 'InboxTask', 'Message', 'Enterprise', 'Person', 'Document'] as const;
  const counts: Record<string, number> = {};
  for (const t of tables) counts[t] = await (models[t] as unknown as { count(): Promise<number> }).count();
  const [[changed]] = (await models.Person.sequelize!.query(
    `SELECT (SELECT MAX("updatedAt") FROM enterprises) AS enterprises, (SELECT MAX("updatedAt") FROM persons) AS persons, (SELECT MAX("updatedAt") FROM applications) AS applications, (SELECT MAX("updatedAt") FROM inbox_tasks) AS tasks, (SELECT MAX("updatedAt") FROM appeals) AS appeals`,
  )) as unknown as [[Record<string, unknown>]];
  for (const [k, v] of Object.entries(changed)) counts[`${k} updated`] = v ? new Date(String(v)).getTime() : 0;
  return counts;
}
