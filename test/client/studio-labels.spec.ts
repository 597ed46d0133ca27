/**
 * The designer's properties panel, context pad and replace menu in Chinese:
 * every element kind of a matter's process is selected, every group of the
 * panel opened, and no visible label may be left in English. Job types,
 * identifiers and expressions (input values) are not labels and not read.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';

const SUPERVISOR = 'zhuce-initial-supervisor';
/** Words that may stay: product names, FEEL, units. */
const ALLOWED = /^(FEEL|BPMN|ID|Zeebe|Camunda|Operaton|JSON|URL|ISO|PT\w*|P\d\w*|zhuce[\w.-]*)$/;

for (const engine of availableEngines().slice(0, 1)) describe(`the designer's labels are Chinese (${engine.name} engine)`, function () {
  this.timeout(180_000);
  let world: BrowserWorld;
  let page: Page;

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine, { width: 1600, height: 1000 });
    page = world.page;
    await world.login('fenxi');
  });

  after(async () => world?.close());

  /** English words in the labels of `selector`: data the analyst entered (list items' names, choices of a select) is not a label. */
  async function english(selector: string): Promise<string[]> {
    const text = await page
      .locator(selector)
      .evaluate((root) => {
        const copy = root.cloneNode(true) as HTMLElement;
        for (const data of copy.querySelectorAll('.bio-properties-panel-collapsible-entry-header-title, select, input, textarea, [contenteditable]')) data.remove();
        return copy.textContent ?? '';
      }, undefined, { timeout: 2000 })
      .catch(() => '');
    return [...new Set(text.match(/[A-Za-z][A-Za-z-]{2,}(?: [A-Za-z][A-Za-z-]+)*/g) ?? [])].filter((w) => !w.split(' ').every((x) => ALLOWED.test(x)));
  }

  it('leaves no English label in the properties panel of any element kind, nor in its context pad or replace menu', async () => {
    // given
    await page.goto(`${world.base}/analyst/processes/${SUPERVISOR}`);
    await page.waitForSelector('#canvas .djs-element[data-element-id="Task_MinistryReview"]');
    const kinds = await page.evaluate(() => {
      const registry = (window as unknown as { zhuceModeler: { get(n: string): { getAll(): Array<{ id: string; type: string; labelTarget?: unknown }> } } }).zhuceModeler.get('elementRegistry');
      const byType = new Map<string, string>();
      for (const e of registry.getAll()) if (!e.labelTarget && !byType.has(e.type)) byType.set(e.type, e.id);
      return [...byType.entries()];
    });
    const found = new Map<string, string[]>();
    for (const [type, id] of kinds) {
      // when
      await page.evaluate((elementId) => {
        const modeler = (window as unknown as { zhuceModeler: { get(n: string): { select?(e: unknown): void; get?(id: string): unknown } } }).zhuceModeler;
        (modeler.get('selection') as { select(e: unknown): void }).select((modeler.get('elementRegistry') as { get(id: string): unknown }).get(elementId));
      }, id);
      for (let round = 0; round < 3; round++) {
        for (const header of await page.locator('#properties .bio-properties-panel-group-header:not(.open)').all()) await header.click({ timeout: 500 }).catch(() => {});
      }
      for (const item of await page.locator('#properties .bio-properties-panel-collapsible-entry-header').all()) await item.click({ timeout: 500 }).catch(() => {});
      // then
      const words = [...(await english('#properties')), ...(await english('.djs-context-pad'))];
      if (words.length) found.set(`${type} (${id})`, words);
    }
    // and the replace menu of a task
    await page.evaluate(() => {
      const modeler = (window as unknown as { zhuceModeler: { get(n: string): unknown } }).zhuceModeler;
      const task = (modeler.get('elementRegistry') as { get(id: string): unknown }).get('Task_MinistryReview');
      (modeler.get('popupMenu') as { open(e: unknown, id: string, pos: { x: number; y: number }): void }).open(task, 'bpmn-replace', { x: 400, y: 300 });
    });
    const menu = await english('.djs-popup');
    if (menu.length) found.set('replace menu', menu);
    await page.keyboard.press('Escape');
    assert.deepEqual(Object.fromEntries(found), {});
  });
});
