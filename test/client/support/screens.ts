/**
 * Every main screen, for every role, at a desktop (1366 px) and a phone
 * (390 px) width: the screens of each role's side navigation (read from
 * NAVIGATION, so a screen added there is covered here at once), plus the home
 * page, the login page, /verify, a case page and a task page. On each screen
 * axe-core finds no serious or critical accessibility violation, the phone
 * width has no sideways scrolling, and a screenshot is written to
 * docs/screenshots/<screen>-<width>.png. Embedded engine only: the layout
 * does not depend on the engine.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Role } from '../../../server/db/models/account.js';
import { NAVIGATION } from '../../../server/http/navigation.js';
import { availableEngines } from '../../processes/scenarios/support/engines.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './browser-world.js';
import { fileForZhangwei } from './filings.js';

const SHOTS = path.resolve('docs', 'screenshots');
/** The WCAG 2.1 A and AA rules: axe's best-practice rules beyond them cost a run's time and judge no conformance. */
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WIDTHS = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];

/** The demo account that stands for each role (README, demo accounts). */
const ACCOUNT_OF: Record<Role, string> = {
  applicant: 'zhangwei',
  employer: 'qiye',
  provincial_reviewer: 'shengji',
  ministry_reviewer: 'buji',
  analyst: 'fenxi',
  admin: 'admin',
};

export interface Screen {
  /** The file name stem of its screenshots. */
  name: string;
  /** Who looks at it; null: nobody logged in. */
  username: string | null;
  /** The address, or a function that finds it once the case exists. */
  href: string | (() => string);
}

const slug = (href: string) =>
  href
    .replace(/^\//, '')
    .replace(/[?&=/]+/g, '-')
    .replace(/[^A-Za-z0-9-]/g, '')
    .replace(/-+$/, '') || 'home';

/** The screens of every role's menu, named for their address (and the role, where two roles share one). */
function navigationScreens(): Screen[] {
  const screens: Screen[] = [];
  const names = new Set<string>();
  for (const [role, sections] of Object.entries(NAVIGATION) as Array<[Role, (typeof NAVIGATION)[Role]]>) {
    for (const item of sections.flatMap((s) => s.items)) {
      let name = slug(item.href);
      if (names.has(name)) name = `${name}-${role.replace(/_reviewer$/, '')}`;
      names.add(name);
      screens.push({ name, username: ACCOUNT_OF[role], href: item.href });
    }
  }
  return screens;
}

const embedded = availableEngines().filter((e) => e.name === 'embedded');

/** Every screen, each spec file taking its share, so a parallel run spreads them over its workers. */
export function allScreens(caseId: () => number, taskId: () => number): Screen[] {
  return [
    { name: 'home', username: null, href: '/' },
    { name: 'login', username: null, href: '/login' },
    { name: 'verify', username: null, href: '/verify' },
    ...navigationScreens(),
    { name: 'case', username: 'zhangwei', href: () => `/applications/${caseId()}` },
    { name: 'task', username: 'buji', href: () => `/tasks/${taskId()}` },
  ];
}

/** Checks the screens `include` picks, in one browser and one server. */
export function describeScreens(title: string, include: (screen: Screen) => boolean): void {
for (const engine of embedded) describe(`${title} at desktop and phone width: accessible, no sideways scrolling, screenshots`, function () {
  this.timeout(180_000);
  let world: BrowserWorld;
  let page: Page;
  let caseId = 0;
  let taskId = 0;
  let loggedIn: string | null = null;

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine, WIDTHS[0]);
    page = world.page;
    fs.mkdirSync(SHOTS, { recursive: true });
    ({ caseId, taskId } = await caseAtTheMinistry(world));
  });

  after(async () => {
    await world?.close();
  });

  const screens = allScreens(() => caseId, () => taskId).filter(include);

  for (const screen of screens) {
    it(`${screen.name} (${typeof screen.href === 'string' ? screen.href : 'found when the case exists'}${screen.username ? `, as ${screen.username}` : ''})`, async () => {
      // given
      if (loggedIn !== screen.username) {
        if (screen.username) await world.login(screen.username);
        else await page.context().clearCookies();
        loggedIn = screen.username;
      }
      const href = typeof screen.href === 'string' ? screen.href : screen.href();
      const problems: string[] = [];
      for (const viewport of WIDTHS) {
        // when
        await page.setViewportSize(viewport);
        const response = await page.goto(`${world.base}${href}`, { waitUntil: 'load' });
        await settle(page);
        // then
        if (!response || response.status() >= 400) problems.push(`${viewport.width}px: HTTP ${response?.status()}`);
        await page.screenshot({ path: path.join(SHOTS, `${screen.name}-${viewport.width}.png`), fullPage: true });
        const overflow = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
        if (overflow.scroll > overflow.inner) problems.push(`${viewport.width}px: the page is ${overflow.scroll}px wide and scrolls sideways${await widestElements(page)}`);
        // The drawn process diagrams (bpmn-js SVG) are pictures with a text equivalent beside them; checking their thousands of shapes only costs time.
        const { violations } = await new AxeBuilder({ page }).withTags(WCAG).exclude('.djs-container').analyze();
        for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
          problems.push(`${viewport.width}px: axe ${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
        }
      }
      assert.deepEqual(problems, [], `${screen.name}:\n  ${problems.join('\n  ')}`);
    });
  }
});
}

/** Waits until the page's scripts have drawn (forms, diagrams) and the fonts are in. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  if (await page.locator('#form').count()) await page.waitForSelector('#form .fjs-form', { timeout: 5_000 }).catch(() => {});
  if (await page.locator('#diagram').count()) await page.waitForSelector('#diagram svg', { timeout: 5_000 }).catch(() => {});
}

/** The outermost elements that stick out to the right, to say what makes a page too wide. */
async function widestElements(page: Page): Promise<string> {
  const culprits = await page.evaluate(() => {
    const limit = window.innerWidth;
    const found: string[] = [];
    for (const el of Array.from(document.body.querySelectorAll<HTMLElement>('*'))) {
      const box = el.getBoundingClientRect();
      if (box.right <= limit + 1 || box.width === 0) continue;
      const parent = el.parentElement;
      if (parent && parent !== document.body && parent.getBoundingClientRect().right > limit + 1) continue;
      const name = el.tagName.toLowerCase() + (el.id ? `#${el.id}` : '') + (el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : '');
      found.push(`${name} (right edge ${Math.round(box.right)}px)`);
      if (found.length >= 4) break;
    }
    return found;
  });
  return culprits.length ? `: ${culprits.join(', ')}` : '';
}

/**
 * A real case for the case and task pages: 张伟's 初始注册 filed and reported
 * through the application service, waiting for the ministry's 受理.
 */
async function caseAtTheMinistry(world: BrowserWorld): Promise<{ caseId: number; taskId: number }> {
  const { models, runtime, clock } = world;
  const qiye = (await models.Account.findOne({ where: { username: 'qiye' } }))!;
  const application = await fileForZhangwei(world);
  await openTask(world, 'Task_EmployerReport');
  await runtime.applications.openCommitment(qiye, 'employer-report');
  clock.advance(61_000);
  await runtime.applications.employerDecide(qiye, [application.id], 'report');
  const task = await openTask(world, 'Task_MinistryAcceptance');
  return { caseId: application.id, taskId: task.id };
}

async function openTask(world: BrowserWorld, elementId: string) {
  for (let i = 0; i < 600; i++) {
    const task = await world.models.InboxTask.findOne({ where: { elementId, status: 'open' } });
    if (task) return task;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`no open ${elementId} task reached the inbox`);
}
