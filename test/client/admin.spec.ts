/**
 * The administrator in the browser: creates a 部级 reviewer whose scope is
 * 监理工程师 only; that reviewer logs in and finds the 监理 case waiting for
 * 受理 in the inbox, but not the 勘察设计 case waiting at the same stage. Also
 * the registers' import with its row-by-row report, and the public
 * verification page of a certificate; axe on each screen (no serious or
 * critical violation, no sideways scrolling), screenshots at 1366 and 390 px.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import { Portal } from '../processes/scenarios/support/portal.js';
import { StartForms } from '../processes/scenarios/support/start-forms.js';
import { partiesOf, type World } from '../processes/scenarios/support/world.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';

const SHOTS = path.resolve('docs', 'screenshots');
const DESKTOP = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };

const engine = availableEngines().find((e) => e.name === 'embedded')!;

describe('the administrator in the browser (embedded engine)', function () {
  this.timeout(300_000);
  let world: BrowserWorld;
  let page: Page;
  let portal: Portal;
  let supervisorCase: { id: number; number: string };
  let engineerCase: { id: number; number: string };

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine, DESKTOP);
    page = world.page;
    fs.mkdirSync(SHOTS, { recursive: true });
    portal = new Portal({ ...partiesOf(world.models), models: world.models, sequelize: world.sequelize, runtime: world.runtime, clock: world.clock, log: [] } as unknown as World);
    const forms = new StartForms(portal);
    // Two cases at the ministry's 受理, of two professions, as the services behind the pages move them.
    const liuyang = await world.models.Person.findByPk((await world.models.Account.findOne({ where: { username: 'liuyang' } }))!.personId!);
    const supervision = (await world.models.Qualification.findOne({ where: { idNumber: liuyang!.idNumber, profession: 'supervisor' } }))!;
    const supervisor = await portal.file('liuyang', { profession: 'supervisor', matter: 'initial', formData: await forms.of('liuyang', 'supervisor', 'initial', { specialties: [supervision.specialty], employer: 'qiye-jianli' }) });
    await portal.report('qiye-jianli', [supervisor.application.id]);
    await portal.openTask(supervisor.application.id, 'ministry-acceptance');
    const engineer = await portal.file('zhangwei', { profession: 'engineer', matter: 'initial', formData: await forms.of('zhangwei', 'engineer', 'initial', { specialties: ['structural'] }) });
    await portal.report('qiye', [engineer.application.id]);
    await portal.openTask(engineer.application.id, 'ministry-acceptance');
    supervisorCase = { id: supervisor.application.id, number: supervisor.application.number };
    engineerCase = { id: engineer.application.id, number: engineer.application.number };
  });

  after(async () => {
    await world?.close();
  });

  /** Screenshots at both widths, with axe and the sideways-scrolling check; the page is left at desktop width. */
  async function look(name: string, href?: string) {
    const problems: string[] = [];
    for (const viewport of [DESKTOP, PHONE]) {
      await page.setViewportSize(viewport);
      if (href) await page.goto(`${world.base}${href}`);
      await page.evaluate(() => document.fonts.ready.then(() => undefined));
      await page.screenshot({ path: path.join(SHOTS, `${name}-${viewport.width}.png`), fullPage: true });
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      if (overflow > 0) problems.push(`${viewport.width}px scrolls sideways by ${overflow}px`);
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) problems.push(`${viewport.width}px: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    }
    await page.setViewportSize(DESKTOP);
    assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
  }

  it('creates a reviewer with a profession scope; the reviewer sees only the tasks of that scope', async () => {
    // given
    await world.login('admin');
    await page.goto(`${world.base}/admin/accounts/new`);
    // when: the form is sent without a password first, then completed
    await page.fill('#username', 'jianli-shencha');
    await page.fill('#displayName', '监理工程师审查员');
    await page.selectOption('#role', 'ministry_reviewer');
    await page.check('input[name=professions][value=supervisor]');
    await page.click('button.primary');
    // then: refused at its field, nothing created
    await page.waitForSelector('.error-summary');
    assert.match(await page.locator('.error-summary').innerText(), /初始密码：必须填写/);
    assert.equal(await world.models.Account.count({ where: { username: 'jianli-shencha' } }), 0);
    await look('admin-account-new-error');
    // when
    await page.check('input[name=professions][value=supervisor]');
    await page.fill('#password', 'Jianli2026');
    await page.click('button.primary');
    // then
    await page.waitForURL(/\/admin\/accounts\/\d+$/);
    assert.match(await page.locator('.notice').first().innerText(), /已新建账号 jianli-shencha（部级审查人员）/);
    assert.match(await page.locator('.summary-list').innerText(), /监理工程师/);
    await look('admin-account');
    await page.goto(`${world.base}/admin/accounts?q=shencha`);
    assert.match(await page.locator('table.grid').innerText(), /jianli-shencha[\s\S]*监理工程师/);
    await look('admin-accounts');

    // when: the new reviewer logs in
    await page.context().clearCookies();
    await page.goto(`${world.base}/login`);
    await page.fill('input[name=username]', 'jianli-shencha');
    await page.fill('input[name=password]', 'Jianli2026');
    await page.click('button.primary');
    await page.waitForURL(/\/reviewer/);
    await page.goto(`${world.base}/reviewer/group`);
    // then
    const inbox = await page.locator('main').innerText();
    assert.ok(inbox.includes(supervisorCase.number), 'the 监理 case is in the new reviewer’s inbox');
    assert.ok(!inbox.includes(engineerCase.number), 'the 勘察设计 case is not');
    const other = await page.goto(`${world.base}/applications/${engineerCase.id}`);
    assert.equal(other?.status(), 404, 'a case outside the scope answers as if it did not exist');
    // and the ministry's all-profession reviewer sees both
    await look('reviewer-scoped-inbox', '/reviewer/group');
    await world.login('buji');
    await page.waitForURL(/\/reviewer/);
    await page.goto(`${world.base}/reviewer/group`);
    const all = await page.locator('main').innerText();
    assert.ok(all.includes(supervisorCase.number) && all.includes(engineerCase.number));
  });

  it('imports nothing from a workbook with a wrong row and shows each refusal; imports a good one', async () => {
    // given
    await world.login('admin');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-import-'));
    const write = async (name: string, rows: unknown[][]) => {
      const book = new ExcelJS.Workbook();
      const sheet = book.addWorksheet('资格库');
      sheet.addRow(['身份证号', '姓名', '注册类别', '专业', '资格证书管理号', '批准日期', '取得方式', '年度']);
      for (const row of rows) sheet.addRow(row);
      const file = path.join(dir, name);
      await book.xlsx.writeFile(file);
      return file;
    };
    const bad = await write('bad.xlsx', [
      ['330106198703154214', '周明', '监理工程师', '土木建筑工程', 'JL2019000123', '2019-06-30', '考试', 2019],
      ['33010619870315421X', '', '一级建造师', '桥梁工程', 'JZ-1', '2030-01-01', '考试', 2019],
    ]);
    const before = await world.models.Qualification.count();
    await page.goto(`${world.base}/admin/qualifications/import`);
    await look('admin-registers-import');
    // when
    await page.setInputFiles('#import-file', bad);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/admin\/imports\/\d+$/);
    // then
    const report = await page.locator('main').innerText();
    assert.match(report, /未导入/);
    assert.match(report, /第 3 行\s+身份证号\s+校验位错误/);
    assert.match(report, /第 3 行\s+专业\s+不是一级建造师的专业/);
    assert.match(report, /第 3 行\s+批准日期\s+不能晚于/);
    assert.equal(await world.models.Qualification.count(), before, 'the good row 2 was not imported either');
    await look('admin-registers-import-report');
    // when: only the good row
    const good = await write('good.xlsx', [['330106198703154214', '周明', '监理工程师', '土木建筑工程', 'JL2019000123', '2019-06-30', '考试', 2019]]);
    await page.goto(`${world.base}/admin/qualifications/import`);
    await page.setInputFiles('#import-file', good);
    await page.click('button[type=submit]');
    await page.waitForURL(/\/admin\/imports\/\d+$/);
    // then
    assert.match(await page.locator('main').innerText(), /已导入：新增 1 条，更新 0 条/);
    assert.equal(await world.models.Qualification.count(), before + 1);
    await page.goto(`${world.base}/admin/qualifications?q=330106198703154214`);
    assert.match(await page.locator('table.grid').innerText(), /周明[\s\S]*3301\*{10}4214/);
    await look('admin-registers-qualifications');
    await look('admin-registers-enterprises', '/admin/enterprises?q=浙江');
    await look('admin-code-tables', '/admin/code-tables');
    await look('admin-audit', '/admin/audit');
  });

  it('verifies a certificate by its code: state, specialties and validity, the holder masked', async () => {
    // given: 李娜's 一级建造师 registration and a certificate of it
    const lina = await world.models.Person.findByPk((await world.models.Account.findOne({ where: { username: 'lina' } }))!.personId!);
    const registration = (await world.models.Registration.findOne({ where: { personId: lina!.id, status: '已注册' } }))!;
    const certificate = await world.runtime.documents.issue({
      kind: 'certificate',
      number: `${registration.registrationNumber}-01`,
      dedupeKey: 'admin-spec:certificate',
      personId: lina!.id,
      data: { professionName: '一级建造师', person: { name: lina!.name, idNumber: lina!.idNumber }, specialties: [], registrationNumber: registration.registrationNumber },
    });
    await page.context().clearCookies();
    // when: the public types the code
    await page.goto(`${world.base}/verify`);
    await look('verify-form');
    await page.fill('#verify-code', 'NOT-A-CODE');
    await page.click('button.primary');
    assert.match(await page.locator('.field-error').innerText(), /验证码：须为20位/);
    await page.fill('#verify-code', certificate.verificationCode.toLowerCase());
    await page.click('button.primary');
    await page.waitForURL(new RegExp(`/verify/${certificate.verificationCode}$`));
    // then
    const text = await page.locator('main').innerText();
    assert.match(text, /有效/);
    assert.match(text, /建筑工程/);
    assert.ok(text.includes(`${registration.validFrom} 至 ${registration.validTo}`), 'the validity');
    assert.ok(text.includes(`${lina!.name[0]}*`) && !text.includes(lina!.name), 'the name masked');
    assert.ok(text.includes(`${lina!.idNumber.slice(0, 4)}**********${lina!.idNumber.slice(-4)}`) && !text.includes(lina!.idNumber), 'the ID number masked');
    await look('verify-result');
  });
});
