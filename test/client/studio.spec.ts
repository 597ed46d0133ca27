/**
 * The analyst studio in the browser: an analyst opens 初始注册 of 监理工程师,
 * inserts a user task 专家复核 with an existing form through the element
 * templates' list, and deploys; a case filed after that passes through
 * 专家复核 in the reviewer's inbox, which a reviewer completes on the inbox
 * pages, while a case filed before finishes on the old version and never
 * meets 专家复核. Token simulation and the dry run in the designer. An
 * analyst adds a required field to the 延续注册 form in the form editor and
 * deploys it: the applicant's page shows it and the server refuses a filing
 * without it, naming it. A deploy with a lint error is refused with the
 * findings and changes nothing. Runs on every available engine, as the
 * filing test does.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { Models } from '../../server/db/models/index.js';
import type { Runtime } from '../../server/runtime.js';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import { Portal } from '../processes/scenarios/support/portal.js';
import { StartForms } from '../processes/scenarios/support/start-forms.js';
import { partiesOf, type World } from '../processes/scenarios/support/world.js';
import { sampleSubmission } from '../../server/studio/dry-run.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';

const SUPERVISOR = 'zhuce-initial-supervisor';
const RENEWAL_FORM = 'apply-renewal-constructor';
const SHOTS = path.resolve('docs', 'screenshots');

for (const engine of availableEngines()) describe(`the analyst studio in the browser (${engine.name} engine)`, function () {
  this.timeout(240_000);
  let world: BrowserWorld;
  let models: Models;
  let runtime: Runtime;
  let page: Page;
  let base: string;
  let portal: Portal;
  let startForms: StartForms;
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
    // Cases are filed and moved on as the services behind the pages do (test/processes/scenarios); the studio's part is in the browser.
    portal = new Portal({ ...partiesOf(models), models, sequelize: world.sequelize, runtime, clock: world.clock, log: [] } as unknown as World);
    startForms = new StartForms(portal);
  });

  /** A 监理工程师 初始注册 of 刘洋, reported by the employer, waiting at the ministry's acceptance. */
  async function fileSupervisorCase(): Promise<number> {
    const person = await models.Person.findOne({ where: { id: (await models.Account.findOne({ where: { username: 'liuyang' } }))!.personId! } });
    const qualification = (await models.Qualification.findOne({ where: { idNumber: person!.idNumber, profession: 'supervisor' } }))!;
    const formData = await startForms.of('liuyang', 'supervisor', 'initial', { specialties: [qualification.specialty], employer: 'qiye-jianli' });
    const { application } = await portal.file('liuyang', { profession: 'supervisor', matter: 'initial', formData });
    await portal.report('qiye-jianli', [application.id]);
    await portal.openTask(application.id, 'ministry-acceptance');
    return application.id;
  }

  /** The ministry decides the case's open task of `formId` as the inbox would submit it. */
  async function decide(applicationId: number, formId: string, decision?: string) {
    await portal.submit('buji', applicationId, formId, sampleSubmission(runtime.forms.get(formId), decision));
  }

  let filedBefore: number;
  let versionBefore: number;

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

  async function waitFor<T>(find: () => Promise<T | null>, what: string): Promise<T> {
    for (let i = 0; i < 600; i++) {
      const found = await find();
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`never found: ${what}`);
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

  it('has a case filed before the change waiting at the ministry\'s acceptance', async () => {
    // when
    filedBefore = await fileSupervisorCase();
    // then
    versionBefore = (await runtime.versions.latest('process', SUPERVISOR))!.version;
    const application = (await models.Application.findByPk(filedBefore))!;
    assert.equal((await runtime.engine.instance(application.processInstanceKey!))!.version, versionBefore);
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

  it('finishes the case filed before on the old version, never meeting 专家复核', async () => {
    // when the ministry accepts it and refuses at its review
    await decide(filedBefore, 'ministry-acceptance');
    await decide(filedBefore, 'ministry-review', 'refuse');
    // then
    const application = await portal.until(filedBefore, '审批不通过');
    const instance = (await runtime.engine.instance(application.processInstanceKey!))!;
    assert.equal(instance.version, versionBefore);
    assert.ok(!instance.completedElementIds.some((id) => runtime.catalog.element(SUPERVISOR, versionBefore + 1, id)?.name === '专家复核'));
    assert.equal(await models.InboxTask.count({ where: { applicationId: filedBefore, name: '专家复核' } }), 0);
  });

  it('takes a case filed after the change through 专家复核 in the reviewer\'s inbox', async () => {
    // given a case filed on the new version, accepted by the ministry
    const filedAfter = await fileSupervisorCase();
    const application = (await models.Application.findByPk(filedAfter))!;
    assert.equal((await runtime.engine.instance(application.processInstanceKey!))!.version, versionBefore + 1);
    await decide(filedAfter, 'ministry-acceptance');
    const expert = await waitFor(() => models.InboxTask.findOne({ where: { applicationId: filedAfter, name: '专家复核', status: 'open' } }), '专家复核 in the inbox');
    // when a reviewer of the ministry opens it from the inbox and approves it
    await login('buji');
    await page.goto(`${base}/reviewer/group`);
    const row = page.locator('tr', { hasText: '专家复核' }).first();
    await row.waitFor();
    await row.locator('a.button.primary.small').first().click();
    await page.waitForSelector('.fjs-form');
    assert.match(await page.locator('h1').innerText(), /专家复核/);
    await page.getByLabel('审批通过', { exact: true }).check();
    await page.locator('textarea').first().fill('专家复核意见：符合注册条件');
    await page.click('.actions button.primary');
    await page.waitForURL(/\/reviewer\/group/);
    // then 专家复核 is done by that reviewer and the case goes on to 部级审批
    await expert.reload();
    assert.equal(expert.status, 'completed');
    assert.equal(expert.completedBy, (await models.Account.findOne({ where: { username: 'buji' } }))!.id);
    await portal.openTask(filedAfter, 'ministry-review').then((t) => assert.equal(t.elementId, 'Task_MinistryReview'));
  });

  it('simulates tokens in the modeler, switched on and off from the toolbar', async () => {
    // given
    await login('fenxi');
    await openDesigner();
    // when
    await page.click('#token-simulation');
    // then
    await page.waitForSelector('.studio .simulation');
    assert.equal(await page.getAttribute('#token-simulation', 'aria-pressed'), 'true');
    assert.ok(await page.locator('.djs-palette.hidden').count());
    assert.ok(await page.locator('.bts-context-pad').count(), 'the start events carry the simulation\'s play button');
    // when switched off
    await page.click('#token-simulation');
    assert.equal(await page.getAttribute('#token-simulation', 'aria-pressed'), 'false');
    assert.equal(await page.locator('.djs-palette.hidden').count(), 0);
  });

  it('dry-runs the draft on a throw-away engine and shows the path and the user tasks on the diagram and as a list', async () => {
    // given
    const before = { applications: await models.Application.count(), tasks: await models.InboxTask.count(), version: (await runtime.versions.latest('process', SUPERVISOR))!.version };
    await openDesigner();
    // when
    await page.click('#dry-run');
    await page.waitForSelector('#dry-run-result[data-state=completed]', { timeout: 150_000 });
    // then
    const tasks = await page.locator('#dry-run-tasks li').allInnerTexts();
    assert.ok(tasks.some((t) => /专家复核.*通过/.test(t)), tasks.join(' | '));
    assert.ok(tasks.some((t) => /部级审批/.test(t)), tasks.join(' | '));
    const taken = await page.locator('#dry-run-path button').evaluateAll((bs) => bs.map((b) => (b as HTMLElement).dataset.elementId!));
    assert.ok(taken.indexOf('Task_MinistryAcceptance') < taken.indexOf('Task_MinistryReview'), taken.join(' → '));
    assert.ok(await page.locator('#canvas .djs-element.zhuce-dry-run-task').count() >= 3);
    assert.match(await page.locator('#dry-run-result h3').innerText(), /流程已走完.*未触及正式数据/);
    // nothing real changed
    assert.deepEqual({ applications: await models.Application.count(), tasks: await models.InboxTask.count(), version: (await runtime.versions.latest('process', SUPERVISOR))!.version }, before);
    // The diagram around the review steps, with the result below it.
    await page.evaluate(() => {
      const modeler = (window as unknown as { zhuceModeler: { get(n: string): { zoom(l: number): void; scrollToElement(e: unknown): void; get(id: string): unknown } } }).zhuceModeler;
      modeler.get('canvas').zoom(0.75);
      modeler.get('canvas').scrollToElement(modeler.get('elementRegistry').get('Task_ExpertReview'));
    });
    await page.setViewportSize({ width: 1600, height: 1350 });
    await page.locator('.studio-toolbar').evaluate((e) => e.scrollIntoView());
    await page.screenshot({ path: path.join(SHOTS, 'studio-dry-run.png') });
    await page.setViewportSize({ width: 1600, height: 1000 });
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

  it('adds a required field to the 延续注册 form in the form editor, with a preview, and deploys it', async () => {
    // given
    await login('fenxi');
    await page.goto(`${base}/analyst/forms/${RENEWAL_FORM}`);
    await page.waitForSelector('#form-editor .fjs-editor-container');
    await page.waitForSelector('#form-preview[data-state=ready] .fjs-form');
    // the palette and the properties panel speak Chinese
    assert.match(await page.locator('#form-editor').innerText(), /文本框/);
    // when a text field is added after the conditions and made 继续教育学时, required
    await page.evaluate(() => {
      type Editor = { _getState(): { schema: { components: unknown[] } }; get(n: string): { addFormField(a: unknown, t: unknown, i: number): unknown; editFormField(f: unknown, p: Record<string, unknown>): void; set(f: unknown): void } };
      const editor = (window as unknown as { zhuceFormEditor: Editor }).zhuceFormEditor;
      const { schema } = editor._getState();
      const field = editor.get('modeling').addFormField({ type: 'textfield' }, schema, 2);
      editor.get('modeling').editFormField(field, { label: '继续教育学时' });
      editor.get('selection').set(field);
    });
    // The analyst opens the panel's groups (常规, 校验) to edit the key and make the field required.
    await page.waitForSelector('#form-properties .bio-properties-panel-group-header');
    const closed = page.locator('#form-properties .bio-properties-panel-group-header:not(.open)');
    for (let i = 0; i < 12 && (await closed.count()); i++) await closed.first().click();
    await page.waitForSelector('#form-properties #bio-properties-panel-key');
    assert.match(await page.locator('#form-properties').innerText(), /键名[\s\S]*必填/);
    await page.fill('#form-properties #bio-properties-panel-key', 'continuingEducationHours');
    await page.locator('#form-properties #bio-properties-panel-required').check();
    // then the preview shows it with the matter's sample data, and its validation asks for it
    await page.waitForSelector('#form-preview[data-state=ready] .fjs-form-field:has-text("继续教育学时")');
    assert.equal(await page.locator('#form-preview input[name]').first().count(), 1);
    await page.click('#preview-validate');
    assert.match(await page.locator('#preview-result').innerText(), /预览校验未通过/);
    // The preview speaks Chinese as the applicant's form does: its messages, select, date and file pickers.
    const previewText = await page.locator('#form-preview').innerText();
    assert.match(previewText, /请填写继续教育学时/);
    assert.doesNotMatch(previewText, /Select|Field is required|No files selected|Browse/);
    assert.match(previewText, /选择文件/);
    assert.deepEqual(await page.locator('#form-preview input[placeholder]').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).placeholder).filter((p) => /[A-Za-z]/.test(p))), []);
    await page.locator('#form-preview .fjs-form-field:has-text("继续教育学时")').first().scrollIntoViewIfNeeded();
    // The editor with the panel above, the preview below.
    await page.setViewportSize({ width: 1600, height: 1400 });
    await page.locator('.studio-toolbar').evaluate((e) => e.scrollIntoView());
    await page.screenshot({ path: path.join(SHOTS, 'studio-form-editor.png') });
    await page.setViewportSize({ width: 1600, height: 1000 });
    // when deployed
    await page.click('#deploy');
    await page.fill('#deploy-comment', '增加继续教育学时（必填）');
    await page.click('#deploy-confirm');
    // then
    await page.waitForURL(/deployed=1/, { timeout: 60_000 });
    assert.match(await page.locator('.notice').innerText(), /表单已部署为第2版/);
    assert.match(await page.locator('.studio-columns').innerText(), /继续教育学时[\s\S]*continuingEducationHours[\s\S]*是/);
    assert.deepEqual(errors, []);
  });

  it('shows the new field on the applicant\'s page, and the server refuses a filing without it, naming it', async () => {
    // given
    const registration = (await models.Registration.findOne({ where: { personId: (await models.Account.findOne({ where: { username: 'lina' } }))!.personId!, profession: 'constructor' } }))!;
    const formData = await startForms.of('lina', 'constructor', 'renewal', { specialties: [registration.specialty] });
    await login('lina');
    // when
    await page.goto(`${base}/apply?profession=constructor&matter=renewal`);
    await page.waitForSelector('.fjs-form');
    // then
    assert.match(await page.locator('.fjs-form').innerText(), /继续教育学时/);
    // when the filing comes without it, after the letter was read its minute
    await page.waitForTimeout(500);
    world.clock.advance(61_000);
    const answer = await page.evaluate(async (data) => {
      const token = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')!.content;
      const res = await fetch('/apply?profession=constructor&matter=renewal', { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': token }, body: JSON.stringify(data) });
      return { status: res.status, body: (await res.json()) as { error?: string; field?: string } };
    }, formData);
    // then
    assert.equal(answer.status, 422, JSON.stringify(answer.body));
    assert.match(answer.body.error!, /继续教育学时/);
    assert.equal(await models.Application.count({ where: { matter: 'renewal' } }), 0);
    // and the form's text diff shows the field
    await login('fenxi');
    await page.goto(`${base}/analyst/forms/${RENEWAL_FORM}/diff`);
    const added = (await page.locator('#form-diff .added').allInnerTexts()).join('\n');
    assert.match(added, /continuingEducationHours/);
    assert.match(added, /继续教育学时/);
    // only the new field: the editor's key order and layout rows are no change
    assert.ok(await page.locator('#form-diff .added').count() < 15, added);
    assert.equal(await page.locator('#form-diff .removed').count(), 0, (await page.locator('#form-diff .removed').allInnerTexts()).join('\n'));
    await page.screenshot({ path: path.join(SHOTS, 'studio-form-diff.png') });
  });
});
