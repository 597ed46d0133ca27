/**
 * The reviewer inbox through the browser: 组内待办 with counts and pages, a
 * filter that is a URL and can be saved, the scope of a provincial reviewer,
 * claim and a supervisor's assignment, 批量受理 of real acceptance tasks
 * with a refusal reported per case, and the task page with the whole
 * submission beside the decision form. Two real cases of 张伟 (结构, 岩土)
 * reach the ministry's acceptance through the application service; synthetic
 * tasks fill the inbox around them. Screenshots at 1366 and 390 px, with
 * axe (no serious or critical violation) and no sideways scrolling. The
 * embedded engine only: the inbox is the same SQL whatever engine runs the
 * processes, and the synthetic tasks have no process instance elsewhere.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Account } from '../../server/db/models/account.js';
import type { Models } from '../../server/db/models/index.js';
import type { InboxTask } from '../../server/db/models/inbox-task.js';
import { QUALIFICATION_METHODS } from '../../server/domain/professions.js';
import { addWorkingDays, chinaDay, chinaTime } from '../../server/domain/working-days.js';
import { caseFacts } from '../../server/inbox/task-facts.js';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';
import { candidateScope } from '../../server/inbox/candidate-scope.js';

const SHOTS = 'docs/screenshots';
const WIDE = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const DAY = 24 * 3600_000;

const engine = availableEngines().find((e) => e.name === 'embedded')!;

describe('the reviewer inbox through the browser (embedded engine)', function () {
  this.timeout(240_000);
  let world: BrowserWorld;
  let models: Models;
  let page: Page;
  let base: string;
  /** The two real acceptance tasks of 张伟's cases, and a synthetic one a colleague claims while the page is open. */
  let real: InboxTask[] = [];
  let stale: InboxTask;
  let synthetic = 0;

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine, WIDE);
    ({ models, page, base } = world);
    fs.mkdirSync(SHOTS, { recursive: true });
    real = await fileRealCases();
    // 24 more in the ministry's groups (every 4th overdue, every 5th flagged), 2 of another province's.
    // Overdue by two working days, not two calendar days: on a Sunday two calendar days back is no working day at all.
    const now = world.clock.now();
    const overdue = chinaTime(addWorkingDays(chinaDay(now), -2), 9);
    for (let i = 0; i < 24; i++) {
      await syntheticTask({
        profession: i % 3 === 0 ? 'engineer' : 'architect',
        groups: [`ministry:${i % 3 === 0 ? 'engineer' : 'architect'}`],
        dueAt: i % 4 === 0 ? overdue : new Date(now.getTime() + 8 * DAY),
        anomaly: i % 5 === 0,
      });
    }
    for (let i = 0; i < 2; i++) await syntheticTask({ profession: 'engineer', province: '32', groups: ['province:32:engineer'], dueAt: null, anomaly: false });
    stale = await syntheticTask({ profession: 'engineer', groups: ['ministry:engineer'], dueAt: new Date(Date.now() + 5 * DAY), anomaly: false, name: '部级受理' });
  });

  after(async () => {
    await world?.close();
  });

  /** Logs in and waits for the home page, so no request of the login is still under way when the test goes on. */
  async function login(username: string) {
    await world.login(username);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await page.waitForLoadState('load');
  }

  async function account(username: string): Promise<Account> {
    return (await models.Account.findOne({ where: { username } }))!;
  }

  async function eventually<T>(what: string, probe: () => Promise<T | null | undefined>, tries = 600): Promise<T> {
    for (let i = 0; i < tries; i++) {
      const value = await probe();
      if (value) return value;
      await new Promise((r) => setTimeout(r, 100));
    }
    return assert.fail(`never: ${what}`);
  }

  /** 张伟 files 结构 and 岩土 初始注册 (letter read), 浙江华建 reports both: two 部级受理 tasks. */
  async function fileRealCases(): Promise<InboxTask[]> {
    const { applications } = world.runtime;
    const zhangwei = await account('zhangwei');
    const ids: number[] = [];
    for (const specialty of ['structural', 'geotechnical']) {
      const qualification = (await models.Qualification.findOne({ where: { name: '张伟', specialty } }))!;
      await applications.openCommitment(zhangwei, { profession: 'engineer', matter: 'initial' });
      world.clock.advance(61_000);
      const { application } = await applications.start(zhangwei, {
        profession: 'engineer',
        matter: 'initial',
        formData: {
          conditionQualified: true,
          conditionSingleEmployer: true,
          conditionContinuingEducation: true,
          personalCommitment: 'accept',
          specialty,
          qualificationNo: qualification.certificateNumber,
          qualificationApprovalDate: qualification.approvalDate,
          qualificationMethod: QUALIFICATION_METHODS.find((m) => m.name === qualification.obtainedBy)?.code,
        },
      });
      ids.push(application.id);
    }
    for (const id of ids) await eventually(`the employer's task of case ${id}`, () => models.InboxTask.findOne({ where: { applicationId: id, formId: 'employer-report', status: 'open' } }));
    const qiye = await account('qiye');
    await applications.openCommitment(qiye, 'employer-report');
    world.clock.advance(61_000);
    await applications.employerDecide(qiye, ids, 'report');
    const tasks = [];
    for (const id of ids) tasks.push(await eventually(`the acceptance task of case ${id}`, () => models.InboxTask.findOne({ where: { applicationId: id, formId: 'ministry-acceptance', status: 'open' } })));
    return tasks;
  }

  /** An inbox row as the inbox service writes one, for a synthetic case. */
  async function syntheticTask(spec: { profession: string; province?: string; groups: string[]; dueAt: Date | null; anomaly: boolean; name?: string }): Promise<InboxTask> {
    synthetic += 1;
    const person = await models.Person.create({
      idNumber: `33010619800101${String(1000 + synthetic).slice(-4)}`,
      name: `测试${'甲乙丙丁戊己庚辛壬癸'[synthetic % 10]}${synthetic}`,
      sex: null, birthDate: null, ethnicity: null, mobile: null, email: null, education: null, school: null, major: null,
      graduationDate: null, photoAttachmentId: null, signatureAttachmentId: null,
    });
    const application = await models.Application.create({
      number: `T${String(900000 + synthetic)}`,
      matter: 'initial',
      profession: spec.profession,
      personId: person.id,
      enterpriseId: null,
      province: spec.province ?? '33',
      specialties: null,
      status: '部级未受理',
      data: {},
      flags: spec.anomaly ? { socialSecurityAnomaly: true } : null,
      processInstanceKey: null,
      submittedAt: new Date(),
      acceptedAt: null,
      decidedAt: null,
    });
    const at = new Date(Date.now() - (100 - synthetic) * 60_000);
    const task = await models.InboxTask.create({
      elementInstanceKey: `synthetic-${synthetic}`,
      jobKey: `synthetic-${synthetic}`,
      processInstanceKey: `synthetic-${synthetic}`,
      bpmnProcessId: `zhuce-initial-${spec.profession}`,
      elementId: 'Task_MinistryAcceptance',
      name: spec.name ?? '部级受理',
      formId: 'ministry-acceptance',
      applicationId: application.id,
      assignee: null,
      variables: { applicationId: application.id },
      dueAt: spec.dueAt,
      result: null,
      completedAt: null,
      completedBy: null,
      createdAt: at,
      updatedAt: at,
      ...(await caseFacts(models, application.id)),
      ...candidateScope(spec.groups),
    });
    for (const group of spec.groups) await models.InboxTaskCandidate.create({ taskId: task.id, candidateGroup: group, status: 'open', createdAt: at });
    return task;
  }

  const text = (selector: string) => page.locator(selector).first().innerText();
  const row = (task: InboxTask) => page.locator('tbody tr', { has: page.locator(`a[href^="/tasks/${task.id}?"]`) }).first();

  /** Both widths: a screenshot, no sideways scrolling, no serious or critical axe finding; the page is left wide. */
  async function screenshot(name: string) {
    const problems: string[] = [];
    for (const [suffix, size] of [['1366', WIDE], ['390', PHONE]] as const) {
      await page.setViewportSize(size);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.screenshot({ path: `${SHOTS}/${name}-${suffix}.png`, fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 1) problems.push(`${suffix}px scrolls sideways by ${overflow}px`);
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
        problems.push(`${suffix}px: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
      }
    }
    await page.setViewportSize(WIDE);
    assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
  }

  it('shows 组内待办 with the tab counts, pages it and keeps a filter in the URL, which can be saved', async () => {
    // given
    await login('buji');
    // when
    await page.goto(`${base}/reviewer/group`);
    // then: 2 real + 24 + 1 stale in the ministry's groups; the other province's are not there
    assert.match(await text('nav.tabs a[aria-current="page"]'), /组内待办\s*27/);
    assert.match(await text('#inbox-summary'), /共 27 项，当前显示第 1–20 项/);
    assert.equal(await page.locator('tbody tr').count(), 20);
    await page.click('.pagination-next a');
    await page.waitForURL(/page=2/);
    assert.match(await text('#inbox-summary'), /第 21–27 项/);
    assert.equal(await page.locator('tbody tr').count(), 7);

    // when: overdue engineer tasks, by deadline
    await page.selectOption('#f-profession', 'engineer');
    await page.selectOption('#f-due', 'overdue');
    await page.selectOption('#f-order', 'deadline-asc');
    await page.click('.inbox-filters button.primary');
    // then
    await page.waitForURL(/profession=engineer/);
    assert.match(page.url(), /\/reviewer\/group\?profession=engineer&due=overdue&sort=deadline/);
    const rows = await page.locator('tbody tr').count();
    assert.equal(rows, 2); // i = 0, 12 of the 24 are engineers and overdue
    for (let i = 0; i < rows; i++) {
      assert.match(await page.locator('tbody tr').nth(i).innerText(), /勘察设计注册工程师/);
      assert.match(await page.locator('tbody tr').nth(i).innerText(), /已超期\d+个工作日/);
    }

    // when: saved under a name
    await page.fill('#saved-name', '超期的工程师');
    await page.click('.saved-new button');
    // then
    await page.waitForSelector('.notice');
    assert.match(await text('.notice'), /已保存筛选条件“超期的工程师”/);
    await page.goto(`${base}/reviewer/group`);
    await page.click('.saved-list a:text("超期的工程师")');
    await page.waitForURL(/due=overdue/);
    assert.equal(await page.locator('tbody tr').count(), 2);

    // and a bad filter value is refused in Chinese
    const refused = await page.goto(`${base}/reviewer/group?due=someday`);
    assert.equal(refused?.status(), 400);
    assert.match(await page.locator('main').innerText(), /办理时限取值无效/);
  });

  it('shows a provincial reviewer only the tasks of their province', async () => {
    // given: shengji (浙江省) — the ministry's tasks and 江苏's are outside the scope
    await login('shengji');
    // when
    await page.goto(`${base}/reviewer/group?province=32`);
    // then
    assert.match(await text('#inbox-summary'), /没有符合条件的任务/);
    assert.match(await text('nav.tabs a[aria-current="page"]'), /组内待办\s*0/);
  });

  it('claims a task; a colleague sees who holds it; the supervisor assigns it back to the reviewer', async () => {
    // given
    await login('buji');
    await page.goto(`${base}/reviewer/group?text=${encodeURIComponent('张伟')}`);
    // when
    await row(real[0]).locator('button:text("认领")').click();
    // then
    await page.waitForSelector('.notice');
    assert.match(await text('.notice'), /已认领/);
    assert.match(await row(real[0]).innerText(), /我已认领/);
    assert.match(await text('nav.tabs a[href="/reviewer"]'), /我的待办\s*1/);

    // when: the supervisor looks
    await login('buji-chuzhang');
    await page.goto(`${base}/reviewer/group?text=${encodeURIComponent('张伟')}`);
    // then
    assert.match(await row(real[0]).innerText(), /部注册中心审查员 办理中/);
    await row(real[0]).locator('a.task-link').click();
    await page.waitForSelector('#claim-note');
    assert.match(await text('#claim-note'), /已由 部注册中心审查员 认领.*只能由其办理/);
    assert.equal(await page.locator('#form').count(), 0);

    // when: assigned to 部注册中心审查员 again (the supervisor's own choice list)
    await page.selectOption('#assignee', { label: '部注册中心审查员' });
    await page.click('.assign-form button');
    // then
    await page.waitForSelector('.notice');
    assert.match(await text('.notice'), /已指派给部注册中心审查员/);
    const audit = await models.AuditEntry.findOne({ where: { action: 'task-assigned', entityId: String(real[0].id) } });
    assert.ok(audit);
  });

  it('accepts selected tasks in one go, each checked as a single one, and reports the one refused', async () => {
    // given: both real tasks and the stale one on one page
    await login('buji');
    await page.goto(`${base}/reviewer/group?profession=engineer&pageSize=50`);
    await screenshot('reviewer-inbox');
    for (const task of [...real, stale]) await page.check(`input.batch-select[value="${task.id}"]`);
    // and meanwhile the supervisor claimed the third one
    const chief = await account('buji-chuzhang');
    await models.InboxTask.update({ claimedBy: chief.id, claimedByName: chief.displayName, claimedAt: new Date() }, { where: { id: stale.id } });
    // when
    await page.click('#batch-accept');
    // then
    await page.waitForSelector('#batch-result');
    const result = await text('#batch-result');
    assert.match(result, /已受理 2 件，未受理 1 件/);
    assert.match(result, new RegExp(`${(await models.InboxTask.findByPk(stale.id))!.applicationNumber}.*未受理——该任务已由部注册中心处长认领，只能由其办理`));
    for (const task of real) {
      await eventually(`case ${task.applicationId} under review`, async () => (await models.Application.findByPk(task.applicationId!))?.status === '审查中');
    }
    assert.match(page.url(), /profession=engineer/);
  });

  it('shows the whole submission, earlier rounds and the timeline beside the decision form, and leads back to the filtered inbox', async () => {
    // given: the review task of the first case
    const review = await eventually('the review task', () => models.InboxTask.findOne({ where: { applicationId: real[0].applicationId!, formId: 'ministry-review', status: 'open' } }));
    await login('buji');
    await page.goto(`${base}/reviewer/group?profession=engineer&text=${encodeURIComponent('张伟')}`);
    // when
    await row(review).locator('a.task-link').click();
    await page.waitForSelector('.fjs-form');
    // then
    const main = await page.locator('main').innerText();
    assert.match(main, /申报内容/);
    assert.match(main, /注册专业类型\s*一级注册结构工程师/);
    assert.match(main, /资格证书管理号/);
    assert.match(main, /获取执业资格方式/);
    assert.match(main, /此前办理（含补正）[\s\S]*部级受理[\s\S]*受理意见\s*受理/);
    assert.match(main, /审核进度/);
    assert.match(main, /异常与申辩/);
    assert.doesNotMatch(main, /申辩管理/);
    // the breadcrumb names the tab the task was opened from
    assert.match(await page.locator('ol.breadcrumbs').innerText(), /我的待办[\s\S]*组内待办/);
    // the photo and signature open from the task's own attachment links
    const pictures = page.locator('section[aria-labelledby="attachments-title"] img');
    await pictures.first().waitFor();
    const drawn = await pictures.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));
    assert.ok(drawn.length >= 2 && drawn.every(Boolean), `pictures drawn: ${drawn.join(', ')}`);
    await screenshot('reviewer-task');

    // when: back
    await page.click('a.task-back');
    // then
    await page.waitForURL(/\/reviewer\/group\?profession=engineer&text=/);
  });

  it('draws the case\'s process on its page for the reviewer, the step at hand and the steps done marked', async () => {
    // given: the second case, under review after 批量受理
    const caseId = real[1].applicationId!;
    await eventually('its review task', () => models.InboxTask.findOne({ where: { applicationId: caseId, formId: 'ministry-review', status: 'open' } }));
    await login('buji');
    // when
    const diagram = page.waitForResponse((r) => /\/processes\/zhuce-initial-engineer\/diagrams\/[0-9a-f]+$/.test(r.url()));
    await page.goto(`${base}/applications/${caseId}`);
    // then
    assert.equal((await diagram).status(), 200);
    await page.waitForSelector('#diagram .djs-element.zhuce-active');
    assert.ok((await page.locator('#diagram .djs-element.zhuce-done').count()) >= 2, 'the employer\'s report and the acceptance are marked done');
  });
});
