/**
 * The monitor as an analyst uses it in the browser: a check that fails until
 * its register is back shows as an incident on the overview, on the
 * version's diagram and on the instance, and the 重试 button there lets the
 * instance finish. Writes the monitor's screenshots to docs/screenshots.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { deployModels } from '../../server/engine/deploy-models.js';
import { complete, fail } from '../../server/engine/port.js';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';

const SHOTS = path.resolve('docs', 'screenshots');
const FIXTURE = path.resolve('test', 'server', 'monitor', 'fixtures', 'monitor-check.bpmn');

for (const engine of availableEngines()) describe(`the process monitor in the browser (${engine.name} engine)`, function () {
  this.timeout(120_000);
  let world: BrowserWorld;
  let page: Page;
  let registerUp = false;
  let instanceKey: string;

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine, { width: 1366, height: 900 });
    page = world.page;
    const { catalog } = world.runtime;
    await deployModels(world.runtime.engine, catalog, [{ name: 'monitor-check.bpmn', content: fs.readFileSync(FIXTURE, 'utf8') }]);
    // The register is down: the check fails at once, without retries, and raises an incident.
    world.runtime.engine.registerWorker({
      type: 'monitor.check',
      handler: async () => (registerUp ? complete() : fail('资格库接口连接超时', { retries: 0 })),
    });
    instanceKey = (await world.runtime.engine.createInstance('monitor-check', { applicationId: 880001 })).processInstanceKey;
    await world.login('fenxi');
  });

  after(async () => {
    await world?.close();
  });

  it('leads from the overview to the version\'s diagram and the failed instance', async () => {
    // given the incident exists
    for (let i = 0; i < 200 && !(await world.runtime.engine.listIncidents({ processInstanceKey: instanceKey })).length; i++) await page.waitForTimeout(100);
    // when
    await page.goto(`${world.base}/analyst/monitor`);
    fs.mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SHOTS, 'monitor-overview.png'), fullPage: true });
    await page.locator('tr', { hasText: 'monitor-check' }).getByRole('link', { name: '查看' }).click();
    await page.waitForSelector('.monitor-incident');
    await page.screenshot({ path: path.join(SHOTS, 'monitor-version.png'), fullPage: true });
    // then
    assert.match(await page.locator('.counts').innerText(), /有故障 1/);
    await page.getByRole('link', { name: instanceKey }).click();
    await page.waitForSelector('.djs-element.zhuce-failed');
    await page.screenshot({ path: path.join(SHOTS, 'monitor-instance.png'), fullPage: true });
    assert.match(await page.locator('body').innerText(), /资格库接口连接超时/);
  });

  it('retries the failed check from the instance page, after which the instance completes', async () => {
    // given the register is back
    registerUp = true;
    // when
    await page.getByRole('button', { name: '重试' }).click();
    // then
    assert.match(await page.locator('.notice').innerText(), /已重试/);
    for (let i = 0; i < 200; i++) {
      const detail = await world.runtime.engine.instance(instanceKey);
      if (detail?.state === 'completed') return;
      await page.waitForTimeout(100);
    }
    assert.fail('the retried check never completed');
  });
});
