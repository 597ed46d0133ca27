/**
 * A person's way through the browser: the applicant files an initial
 * registration on the generated form, the employer reports it after its
 * commitment letter, the ministry accepts and approves it in the inbox and
 * publishes the 公告, and the applicant finds the certificate. Headless
 * Debian Chromium driven by playwright-core; skipped where it is not installed.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Models } from '../../server/db/models/index.js';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import type { OffsetClock } from '../support/offset-clock.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';

for (const engine of availableEngines()) describe(`filing an initial registration through the browser (${engine.name} engine)`, function () {
  this.timeout(180_000);
  let world: BrowserWorld;
  let models: Models;
  let page: Page;
  let base: string;
  let clock: OffsetClock;

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine);
    ({ models, page, base, clock } = world);
  });

  after(async () => {
    await world?.close();
  });

  const login = (username: string) => world.login(username);

  async function waitForStatus(status: string) {
    for (let i = 0; i < 100; i++) {
      const application = await models.Application.findOne({ order: [['id', 'DESC']] });
      if (application?.status === status) return application;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`the case never reached ${status}`);
  }

  /** The engine hands tasks to the inbox in its own time (the checks run first): a person would come back a moment later. */
  async function waitForOpenTask(elementId: string) {
    for (let i = 0; i < 600; i++) {
      if (await models.InboxTask.count({ where: { elementId, status: 'open' } })) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`no open ${elementId} task reached the inbox`);
  }

  async function submitForm() {
    await page.click('.actions button.primary');
  }

  it('refuses the applicant before the letter was read 60 seconds, then files the case', async () => {
    // given
    await login('zhangwei');
    await page.goto(`${base}/apply?profession=engineer&matter=initial`);
    await page.waitForSelector('.fjs-form');
    for (const label of ['1、依法取得', '2、只受聘', '3、达到继续教育']) await page.getByLabel(label, { exact: false }).check();
    await page.getByLabel('本人做出上述承诺').check();
    await page.locator('.fjs-form-field-select').first().click();
    await page.getByText('一级注册结构工程师', { exact: true }).last().click();
    await page.getByLabel('资格证书管理号').fill(
      (await models.Qualification.findOne({ where: { name: '张伟', specialty: 'structural' } }))!.certificateNumber,
    );
    await page.locator('.fjs-form-field-select').nth(1).click();
    await page.getByText('考试', { exact: true }).last().click();
    await page.getByLabel('资格证书批准日期').fill('2023-11-06');
    await page.keyboard.press('Escape');

    // when: submitted at once
    await submitForm();
    // then
    await page.waitForSelector('#form-errors li');
    assert.match(await page.locator('#form-errors').innerText(), /承诺书.*还需\d+秒/);
    assert.equal(await models.Application.count(), 0);

    // when: a minute later
    clock.advance(61_000);
    await submitForm();
    // then
    await page.waitForURL(/\/applications\/\d+/);
    assert.match(await page.locator('.notice').innerText(), /已成功提交企业/);
    await waitForStatus('个人已上报');
  });

  it('lets the employer report the case once its commitment letter was read', async () => {
    // given
    await waitForOpenTask('Task_EmployerReport');
    await login('qiye');
    await page.goto(`${base}/employer/filings`);
    await page.locator('tbody input[name=ids]').first().check();
    // when
    await page.click('[data-report]');
    await page.waitForSelector('#commitment-modal:not([hidden])');
    clock.advance(61_000);
    await page.evaluate(() => ((document.querySelector('[data-confirm]') as HTMLButtonElement).disabled = false));
    await page.click('[data-confirm]');
    // then
    await page.waitForSelector('.notice');
    assert.match(await page.locator('.notice').innerText(), /上报成功/);
    await waitForStatus('部级未受理');
  });

  it('takes the case through the ministry inbox to the 公告 and the certificate', async () => {
    // given
    await login('buji');
    const decide = async (elementId: string, choice: string, opinion: string) => {
      await waitForOpenTask(elementId);
      await page.reload();
      await page.locator('a.button.primary.small').first().click();
      await page.waitForSelector('.fjs-form');
      await page.getByLabel(choice, { exact: true }).check();
      await page.locator('textarea').first().fill(opinion);
      await submitForm();
      // Back to the inbox the task was opened from.
      await page.waitForURL(/\/reviewer\/group/);
    };
    // when
    await page.goto(`${base}/reviewer/group`);
    await decide('Task_MinistryAcceptance', '受理', '材料齐全，予以受理');
    await waitForStatus('审查中');
    await page.goto(`${base}/reviewer/group`);
    await decide('Task_MinistryReview', '审批通过', '符合注册条件，准予注册');
    await waitForStatus('审批通过');
    await page.goto(`${base}/reviewer/announcements`);
    await page.locator('tbody input[name=ids]').first().check();
    await page.click('button.primary');
    // then
    assert.match(await page.locator('.notice').innerText(), /已发布公告 建市注〔\d{4}〕\d+号/);
    const application = await waitForStatus('已发证');

    // and the applicant sees the certificate
    await login('zhangwei');
    await page.goto(`${base}/applications/${application.id}`);
    assert.equal(await page.locator('h1 .tag').innerText(), '已发证');
    const link = page.locator('a', { hasText: '查看 / 下载' }).last();
    const pdf = await page.request.get(new URL((await link.getAttribute('href'))!, base).toString());
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
  });
});
