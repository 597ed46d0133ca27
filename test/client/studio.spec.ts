/**
 * The analyst studio in the browser: an analyst opens 初始注册 of 监理工程师,
 * inserts a user task 专家复核 with an existing form through the element
 * templates' list, and deploys; a case started after that is on the new
 * version while the process catalog keeps the old one for the cases before.
 * A deploy with a lint error is refused with the findings and changes
 * nothing. Runs on every available engine, as the filing test does.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Models } from '../../server/db/models/index.js';
import type { Runtime } from '../../server/runtime.js';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';

const SUPERVISOR = 'zhuce-initial-supervisor';
const SHOTS = path.resolve('docs', 'screenshots');

for (const engine of availableEngines()) describe(`the analyst studio in the browser (${engine.name} engine)`, function () {
  this.timeout(240_000);
  let world: BrowserWorld;
  let models: Models;
  let runtime: Runtime;
  let page: Page;
  let base: string;
  const errors: string[] = [];

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine, { width: 1600, height: 1000 });
    ({ models, runtime, page, base } = world);
    page.on('pageerror', (err) => errors.push(err.message));
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await world?.close();
  });

  const login = (username: string) => world.login(username);

  async function openDesigner() {
    await page.goto(`${base}/analyst/processes/${SUPERVISOR}`);
    await page.waitForSelector('#canvas .djs-element[data-element-id="Task_MinistryReview"]');
    await page.waitForSelector('#findings[data-state=clean]', { timeout: 20_000 }).catch(async (err) => {
      await page.screenshot({ path: '/tmp/studio-debug.png' });
      throw new Error(`${(err as Error).message}; page errors: ${errors.join(' | ')}; findings: ${await page.locator('#findings').innerText()}`);
    });
    // The analyst scrolls to the ministry's review at full size.
    await page.evaluate(() => {
      const modeler = (window as unknown as { zhuceModeler: { get(n: string): { zoom(l: number): void; scrollToElement(e: unknown): void; get(id: string): unknown } } }).zhuceModeler;
      const canvas = modeler.get('canvas');
      canvas.zoom(1);
      canvas.scrollToElement(modeler.get('elementRegistry').get('Task_MinistryReview'));
    });
  }

  /** The centre of an element on the screen. */
  async function centre(elementId: string) {
    const box = (await page.locator(`#canvas .djs-element[data-element-id="${elementId}"]`).first().boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  }

  it('lists the processes with their versions, and answers no other role', async () => {
    // given
    await login('fenxi');
    // when
    await page.goto(`${base}/analyst`);
    // then
    assert.match(await page.locator('h1').innerText(), /分析员工作室/);
    assert.ok(await page.locator(`a[href="/analyst/processes/${SUPERVISOR}"]`).count());
    const reviewer = await fetch(`${base}/analyst/processes/${SUPERVISOR}`, { redirect: 'manual' });
    assert.equal(reviewer.status, 303);
  });

  it('inserts 专家复核 with an existing form from the template list and deploys it as a new version', async () => {
    // given
    const before = (await runtime.versions.latest('process', SUPERVISOR))!.version;
    await openDesigner();
    // Make room before 部级审批, as the space tool does when the analyst drags it open.
    await page.evaluate(() => {
      type Shape = { id: string; x: number; waypoints?: unknown; labelTarget?: unknown; parent?: unknown };
      const modeler = (window as unknown as { zhuceModeler: { get(n: string): unknown } }).zhuceModeler;
      const registry = modeler.get('elementRegistry') as { getAll(): Shape[]; get(id: string): Shape };
      const spaceTool = modeler.get('spaceTool') as { calculateAdjustments(e: Shape[], axis: string, delta: number, start: number): { movingShapes: Shape[]; resizingShapes: Shape[] } };
      const modeling = modeler.get('modeling') as { createSpace(m: Shape[], r: Shape[], delta: { x: number; y: number }, direction: string, start: number): void };
      const start = registry.get('Task_MinistryReview').x - 25;
      const shapes = registry.getAll().filter((e) => !e.waypoints && e.parent && !e.labelTarget && e.id !== 'Process_' && e.parent);
      const { movingShapes, resizingShapes } = spaceTool.calculateAdjustments(shapes, 'x', 150, start);
      modeling.createSpace(movingShapes, resizingShapes, { x: 150, y: 0 }, 'e', start);
    });
    // Drop a task from the palette onto the flow into 部级审批.
    const deadline = await centre('Task_MinistryReviewDeadline');
    const target = await centre('Task_MinistryReview');
    const drop = { x: (deadline.x + target.x) / 2, y: target.y };
    await page.locator('.djs-palette [data-action="create.task"]').hover();
    await page.mouse.down();
    await page.mouse.move(drop.x - 20, drop.y, { steps: 10 });
    await page.mouse.move(drop.x, drop.y, { steps: 5 });
    await page.mouse.up();
    // Name it, then pick 人工办理 from the template list and choose the form.
    await page.keyboard.type('专家复核');
    await page.locator('#canvas').click({ position: { x: 5, y: 5 } });
    const created = await page.evaluate(() => {
      const registry = (window as unknown as { zhuceModeler: { get(n: string): { getAll(): Array<{ id: string; businessObject: { name?: string } }> } } }).zhuceModeler.get('elementRegistry');
      return registry.getAll().find((e) => e.businessObject.name === '专家复核')!.id;
    });
    await page.selectOption('#candidate-group', { label: '部级审查员（本专业）' });
    // Selected as a click on it selects it (headless clicks on the freshly labelled shape do not reach its hit area).
    await page.evaluate((id) => {
      const modeler = (window as unknown as { zhuceModeler: { get(n: string): { select(e: unknown): void; get(id: string): unknown } } }).zhuceModeler;
      modeler.get('selection').select(modeler.get('elementRegistry').get(id));
    }, created);
    await page.locator('button.template[data-form-id="ministry-review"]').click();
    await page.waitForSelector('#findings[data-state=clean]', { timeout: 20_000 });
    await page.waitForSelector('#findings[data-state=clean]', { timeout: 20_000 });
    await page.screenshot({ path: path.join(SHOTS, 'studio-designer.png') });
    // when
    await page.click('#deploy');
    await page.fill('#deploy-comment', '部级审批前增加专家复核');
    await page.click('#deploy-confirm');
    // then
    const hint = await page.locator('#template-hint').innerText();
    await page.waitForURL(/deployed=1/, { timeout: 60_000 });
    assert.match(await page.locator('.notice').innerText(), new RegExp(`已部署为第${before + 1}版`));
    const info = runtime.catalog.process(SUPERVISOR)!;
    const expert = [...info.elements.values()].find((e) => e.name === '专家复核')!;
    assert.equal(expert.type, 'bpmn:UserTask', `page errors: ${errors.join(' | ')}; hint: ${hint}`);
    assert.equal(expert.formId, 'ministry-review');
    assert.equal(runtime.catalog.process(SUPERVISOR, before)!.elements.has(expert.id), false);
    const started = await runtime.engine.createInstance(SUPERVISOR, { applicationId: 0 });
    assert.equal(started.version, before + 1);
    await runtime.engine.cancelInstance(started.processInstanceKey);
    assert.deepEqual(errors, []);
  });

  it('shows the two versions side by side with the changes coloured', async () => {
    // when
    await page.goto(`${base}/analyst/processes/${SUPERVISOR}/diff`);
    await page.waitForSelector('#diff-after .diff-added');
    // then
    assert.match(await page.locator('#diff-summary').innerText(), /新增.*专家复核/);
    await page.screenshot({ path: path.join(SHOTS, 'studio-diff.png') });
  });

  it('refuses a deploy with a lint error with the findings, and deploys nothing', async () => {
    // given
    const before = await models.AuditEntry.count({ where: { entityType: 'deployment' } });
    const version = (await runtime.versions.latest('process', SUPERVISOR))!.version;
    await openDesigner();
    // a task dropped on the canvas, connected to nothing
    await page.evaluate(() => {
      const canvas = (window as unknown as { zhuceModeler: { get(n: string): { scroll(d: { dx: number; dy: number }): void } } }).zhuceModeler.get('canvas');
      canvas.scroll({ dx: 0, dy: -2000 });
    });
    await page.locator('.djs-palette [data-action="create.task"]').click();
    const canvasBox = (await page.locator('#canvas').boundingBox())!;
    await page.mouse.move(canvasBox.x + 500, canvasBox.y + 300, { steps: 5 });
    await page.mouse.click(canvasBox.x + 500, canvasBox.y + 300);
    await page.waitForSelector('#findings[data-state=problems]', { timeout: 20_000 });
    assert.match(await page.locator('#findings').innerText(), /未与流程连接/);
    // when
    await page.click('#deploy');
    await page.fill('#deploy-comment', '试部署');
    await page.click('#deploy-confirm');
    // then
    await page.waitForSelector('#studio-status.error');
    assert.match(await page.locator('#findings').innerText(), /未部署：\d+ 个问题[\s\S]*未与流程连接/);
    assert.equal((await runtime.versions.latest('process', SUPERVISOR))!.version, version);
    assert.equal(await models.AuditEntry.count({ where: { entityType: 'deployment' } }), before);
  });

  it('shows a form\'s versions and a text diff of a new required field', async () => {
    // given a form deployed with a new required field (the form editor is not in the browser yet)
    const formId = 'apply-renewal-supervisor';
    const schema = JSON.parse((await runtime.versions.latest('form', formId))!.source) as { components: unknown[] };
    schema.components.push({ type: 'textfield', key: 'continuingEducationHours', label: '继续教育学时', validate: { required: true } });
    const account = (await models.Account.findOne({ where: { username: 'fenxi' } }))!;
    await runtime.studioService.deployForm({ json: JSON.stringify(schema), formId, comment: '增加继续教育学时', actor: { accountId: account.id, name: account.displayName } });
    // when
    await page.goto(`${base}/analyst/forms/${formId}`);
    // then
    assert.match(await page.locator('.studio-columns').innerText(), /继续教育学时[\s\S]*continuingEducationHours[\s\S]*是/);
    await page.goto(`${base}/analyst/forms/${formId}/diff`);
    assert.match((await page.locator('#form-diff .added').allInnerTexts()).join('\n'), /continuingEducationHours[\s\S]*继续教育学时/);
    await page.screenshot({ path: path.join(SHOTS, 'studio-form-diff.png') });
  });
});
