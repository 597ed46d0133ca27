/**
 * What a browser test stands on: a fresh database with the demo data, the
 * runtime on the given engine, the whole application (studio and monitor
 * included) on a free port, and Debian's Chromium with one page. Opening
 * answers why not where the engine or the browser is missing.
 */
import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Sequelize } from 'sequelize';
import { buildClient } from '../../../scripts/build-client.js';
import { createApp } from '../../../server/app.js';
import { caseServices } from '../../../server/cases/task-actions.js';
import { loadConfig } from '../../../server/config.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { MonitorService } from '../../../server/monitor/monitor-service.js';
import { startRuntime, type Runtime } from '../../../server/runtime.js';
import { DEMO_PASSWORD } from '../../../server/seed/demo-accounts.js';
import { seedDemo } from '../../../server/seed/demo.js';
import type { ScenarioEngine } from '../../processes/scenarios/support/engines.js';
import { migratedDatabase } from '../../support/database.js';
import { OffsetClock } from '../../support/offset-clock.js';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export interface BrowserWorld {
  sequelize: Sequelize;
  models: Models;
  runtime: Runtime;
  /** The application's clock: real time plus an offset a test moves (the commitment letters' 60 seconds). */
  clock: OffsetClock;
  base: string;
  browser: Browser;
  page: Page;
  login(username: string): Promise<void>;
  close(): Promise<void>;
}

/** Why a browser test cannot run here, or null. */
export function browserUnavailable(engine: ScenarioEngine): string | null {
  if (engine.unavailable) return engine.unavailable;
  if (!fs.existsSync(CHROMIUM)) return `no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  return null;
}

export async function openBrowserWorld(engine: ScenarioEngine, viewport = { width: 1280, height: 900 }): Promise<BrowserWorld> {
  await buildClient();
  const clock = new OffsetClock();
  const sequelize = await migratedDatabase();
  const models = defineModels(sequelize);
  await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
  const config = loadConfig({});
  const rootDir = path.resolve('.');
  // The engine keeps real time; only the application's clock moves.
  const runtime = await startRuntime({ config, sequelize, models, clock, rootDir, engine: engine.create(sequelize, () => {}), log: () => {} });
  const app = createApp({
    config,
    models,
    clock,
    rootDir,
    cases: caseServices({ models, ...runtime }),
    applications: runtime.applications,
    studio: { studio: runtime.studioService, versions: runtime.versions, dryRun: runtime.dryRun },
    monitor: new MonitorService({ engine: runtime.engine, catalog: runtime.catalog, models, clock }),
  });
  const server: Server = app.listen(0);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  // A page of its own context (not browser.newPage's implicit one): axe-core's checks open pages beside it.
  const page = await (await browser.newContext({ viewport, locale: 'zh-CN' })).newPage();
  page.on('dialog', (dialog) => void dialog.accept());
  return {
    sequelize,
    models,
    runtime,
    clock,
    base,
    browser,
    page,
    async login(username) {
      await page.context().clearCookies();
      await page.goto(`${base}/login`);
      await page.fill('input[name=username]', username);
      await page.fill('input[name=password]', DEMO_PASSWORD);
      await page.click('button.primary');
    },
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      await runtime.stop();
      await sequelize.close();
    },
  };
}
