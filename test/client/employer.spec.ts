/**
 * The employer's workbench in the browser: 企业首页 with its to-do list and
 * unread messages, 我的消息, 注册申报管理 where 退回 takes its reason from a
 * field of the page (refused in the page while empty, then the case really
 * returned with it), and 注册人员查询 whose 导出 downloads a workbook that is
 * opened with exceljs and checked row by row against the register. Axe finds
 * no serious or critical violation; screenshots at 1366 and 390 px.
 * Embedded engine only: nothing here depends on the engine.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import { Op } from 'sequelize';
import type { Page } from 'playwright-core';
import { STATUS } from '../../server/domain/statuses.js';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';
import { fileForZhangwei } from './support/filings.js';

const SHOTS = path.resolve('docs', 'screenshots');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const REASON = '劳动合同扫描件不清晰，请重新上传后再申报';

const embedded = availableEngines().filter((e) => e.name === 'embedded');

for (const engine of embedded) describe('the employer workbench in the browser', function () {
  this.timeout(180_000);
  let world: BrowserWorld;
  let page: Page;
  let base: string;
  let caseId = 0;
  let caseNumber = '';
  let enterpriseId = 0;

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine, DESKTOP);
    ({ page, base } = world);
    fs.mkdirSync(SHOTS, { recursive: true });
    const { models } = world;
    // given: 张伟's 初始注册 waiting for qiye's 上报, and six unread messages for qiye
    const qiye = (await models.Account.findOne({ where: { username: 'qiye' } }))!;
    enterpriseId = qiye.enterpriseId!;
    const application = await fileForZhangwei(world);
    caseId = application.id;
    caseNumber = application.number;
    await eventually(async () => (await models.InboxTask.count({ where: { applicationId: caseId, formId: 'employer-report', status: 'open' } })) > 0, 'the employer task arrived');
    const already = await models.Message.count({ where: { recipientKind: 'enterprise', recipientId: enterpriseId, readAt: null } });
    for (let i = already; i < 6; i++) {
      await models.Message.create({ recipientKind: 'enterprise', recipientId: enterpriseId, applicationId: null, title: `注册人员有效期提醒（${i + 1}）`, body: '本单位有注册人员的注册有效期将在6个月内届满，请提醒其及时申请延续注册。', opinion: null, readAt: null, dedupeKey: null });
    }
    await world.login('qiye');
  });

  after(async () => {
    await world?.close();
  });

  /** Both widths: a screenshot, no sideways scrolling, no serious or critical axe finding. */
  async function checkScreen(name: string, href: string) {
    const problems: string[] = [];
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      await page.goto(`${base}${href}`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport.width}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`${viewport.width}px scrolls sideways by ${overflow}px`);
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) problems.push(`${viewport.width}px: ${v.id} ${v.help}`);
    }
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
  }

  it('shows the to-do list with the case to report and the unread messages on 企业首页', async () => {
    // when
    await page.goto(`${base}/employer`);
    // then
    const stats = await page.locator('.employer-stats').innerText();
    assert.match(stats, /1\s*待上报申报/);
    assert.match(stats, /6\s*未读消息/);
    assert.ok(await page.getByRole('link', { name: '1 件申报等待本单位上报或退回' }).isVisible());
    await checkScreen('employer-home', '/employer');
  });

  it('marks a message read when it is opened from 我的消息', async () => {
    // given
    await page.goto(`${base}/employer/messages`);
    assert.equal(await page.locator('tr.unread').count(), 6);
    await checkScreen('employer-messages', '/employer/messages');
    // when
    await page.locator('tr.unread a').first().click();
    await page.getByRole('link', { name: '返回消息列表' }).click();
    // then
    assert.equal(await page.locator('tr.unread').count(), 5);
    assert.ok((await page.locator('h1').innerText()).includes('5 条未读'));
  });

  it('finds the case by the applicant name and opens it with 查看', async () => {
    // when
    await page.goto(`${base}/employer/filings`);
    await page.getByLabel('姓名').fill('张伟');
    await page.getByRole('button', { name: '查询' }).click();
    // then
    assert.ok(page.url().includes('name='));
    assert.equal(await page.locator('table.filings tbody tr').count(), 1);
    assert.ok((await page.locator('.pagination-summary').innerText()).includes('共 1 条'));
    await page.getByRole('link', { name: `查看 申报 ${caseNumber}` }).click();
    assert.ok(page.url().endsWith(`/applications/${caseId}`));
  });

  it('returns the case with the reason typed in the page, refusing an empty reason in the page first', async () => {
    // given
    await page.goto(`${base}/employer/filings`);
    await checkScreen('employer-filings', '/employer/filings');
    await page.getByLabel(`选择申报 ${caseNumber}`).check();
    // when: 退回 without a reason
    await page.getByRole('button', { name: '退回' }).click();
    // then: the page says so at the field, nothing was sent
    assert.ok(page.url().endsWith('/employer/filings'));
    assert.ok(await page.locator('#return-reason-error').isVisible());
    assert.equal(await page.locator('#return-reason').getAttribute('aria-invalid'), 'true');
    assert.equal(await world.models.InboxTask.count({ where: { applicationId: caseId, formId: 'employer-report', status: 'open' } }), 1);
    // when: with the reason
    await page.getByLabel('退回原因').fill(REASON);
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/employer/decide')), page.getByRole('button', { name: '退回' }).click()]);
    assert.equal(answer.status(), 303, await answer.text().catch(() => ''));
    await page.waitForLoadState('load');
    // then
    const notice = await page.locator('.notice-success').innerText();
    assert.ok(notice.includes('已退回'), notice);
    assert.equal(notice.split(caseNumber).length - 1, 1, `the number once: ${notice}`);
    await eventually(async () => (await world.models.Application.findByPk(caseId))!.status === STATUS.employerReturned, 'the case ends 企业退回');
    const task = (await world.models.InboxTask.findOne({ where: { applicationId: caseId, formId: 'employer-report' } }))!;
    assert.equal((task.result as Record<string, unknown>).returnReason, REASON);
    await eventually(
      async () => (await world.models.Message.count({ where: { recipientKind: 'person', applicationId: caseId, [Op.or]: [{ opinion: { [Op.like]: `%${REASON}%` } }, { body: { [Op.like]: `%${REASON}%` } }] } })) > 0,
      'the applicant is told the reason',
    );
    // and the returned case has left the list (rule 12)
    await page.reload();
    assert.equal(await page.getByText(caseNumber).count(), 0);
  });

  it('reports a case after the 企业承诺书, announcing it once', async () => {
    // given: 张伟 files again after the return
    const again = await fileForZhangwei(world);
    await eventually(async () => (await world.models.InboxTask.count({ where: { applicationId: again.id, formId: 'employer-report', status: 'open' } })) > 0, 'the employer task arrived');
    await page.goto(`${base}/employer/filings`);
    await page.getByLabel(`选择申报 ${again.number}`).check();
    // when
    await page.getByRole('button', { name: '上报' }).click();
    await page.waitForSelector('#commitment-modal:not([hidden])');
    assert.ok((await page.locator('[data-timer]').innerText()).includes('秒后确认'));
    assert.equal(await page.locator('[data-confirm]').isDisabled(), true);
    // the server's clock moves the minute on; the page's countdown is its own
    world.clock.advance(61_000);
    await page.evaluate(() => ((document.querySelector('[data-confirm]') as HTMLButtonElement).disabled = false));
    const [answer] = await Promise.all([page.waitForResponse((r) => r.url().endsWith('/employer/decide')), page.click('[data-confirm]')]);
    assert.equal(answer.status(), 303);
    await page.waitForLoadState('load');
    // then
    const notice = await page.locator('.notice-success').innerText();
    assert.ok(notice.includes('上报成功'), notice);
    assert.equal(notice.split(again.number).length - 1, 1, notice);
    await eventually(async () => (await world.models.Application.findByPk(again.id))!.status !== STATUS.submitted, 'the case moved on from 个人已上报');
    const task = (await world.models.InboxTask.findOne({ where: { applicationId: again.id, formId: 'employer-report' } }))!;
    assert.equal((task.result as Record<string, unknown>).employerDecision, 'report');
  });

  it('exports the staff list to an Excel file whose rows are the register rows', async () => {
    // given
    await page.goto(`${base}/employer/staff`);
    await checkScreen('employer-staff', '/employer/staff');
    // when
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
    const file = path.join(os.tmpdir(), `employer-export-${process.pid}.xlsx`);
    await download.saveAs(file);
    // then
    assert.match(download.suggestedFilename(), /^注册人员_浙江华建工程设计有限公司_\d{8}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    fs.rmSync(file, { force: true });
    const sheet = book.getWorksheet('注册人员')!;
    assert.deepEqual((sheet.getRow(1).values as unknown[]).slice(1), ['姓名', '身份证号', '注册类别', '注册专业', '注册号', '执业印章号', '有效期起', '有效期至', '注册状态']);
    const registrations = await world.models.Registration.findAll({
      where: { enterpriseId, status: { [Op.ne]: '已注销' } },
      include: [{ model: world.models.Person, as: 'person' }],
    });
    const expected = registrations.map((r) => `${(r as typeof r & { person: { idNumber: string } }).person.idNumber}|${r.registrationNumber}|${r.validTo}`).sort();
    const rows: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) rows.push(`${row.getCell(2).text}|${row.getCell(5).text}|${row.getCell(8).text}`);
    });
    assert.ok(expected.length > 0);
    assert.deepEqual(rows.sort(), expected);
  });

  it('exports only what the search found', async () => {
    // given
    await page.goto(`${base}/employer/staff`);
    await page.getByLabel('注册类别').selectOption({ label: '一级注册建筑师' });
    await page.getByRole('button', { name: '查询' }).click();
    // when
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '导出 Excel' }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    // then
    const sheet = book.getWorksheet('注册人员')!;
    const architects = await world.models.Registration.count({ where: { enterpriseId, profession: 'architect', status: { [Op.ne]: '已注销' } } });
    assert.ok(architects > 0);
    assert.equal(sheet.actualRowCount - 1, architects);
    sheet.eachRow((row, n) => {
      if (n > 1) assert.equal(row.getCell(3).text, '一级注册建筑师');
    });
  });
});

async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`never: ${what}`);
}
