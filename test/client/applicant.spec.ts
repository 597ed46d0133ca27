/**
 * The applicant's workbench in the browser: 我的首页, 个人信息 (a direct
 * change saved, the photo, signature and certificate preview), 办事指南, the
 * 获取短信验证码 button on a 一级建造师 form, and the case page with its step
 * bar and the steps still to come. Writes the screenshots at 1366 and 390 px
 * (docs/screenshots/applicant-*, case-page-*) and checks that no page scrolls
 * sideways on a phone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { COMMITMENT_READING_MS } from '../../server/applications/commitments.js';
import { QUALIFICATION_METHODS } from '../../server/domain/professions.js';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';

const SHOTS = 'docs/screenshots';
const engine = availableEngines().find((e) => e.name === 'embedded')!;

describe('the applicant workbench in the browser (embedded engine)', function () {
  this.timeout(240_000);
  let world: BrowserWorld;
  let page: Page;
  let base: string;

  before(async function () {
    const unavailable = browserUnavailable(engine);
    if (unavailable) {
      console.log(`      skipped: ${unavailable}`);
      this.skip();
    }
    world = await openBrowserWorld(engine, { width: 1366, height: 900 });
    ({ page, base } = world);
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await world?.close();
  });

  /** The page at both widths, each screenshot written, the phone width checked for sideways scrolling, and axe finds nothing serious. */
  async function shoot(name: string) {
    const problems: string[] = [];
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
      await page.waitForTimeout(150);
      if (width === 390) {
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${name} scrolls sideways by ${overflow}px at 390 px`);
      }
      await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true });
      const { violations } = await new AxeBuilder({ page }).analyze();
      for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) problems.push(`${width}px: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
    }
    await page.setViewportSize({ width: 1366, height: 900 });
    assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
  }

  it('我的首页 and 个人信息: a direct change is saved and shown, with the photo, signature and the certificate preview', async () => {
    await world.login('zhangwei');
    await page.goto(`${base}/applicant`);
    assert.equal(await page.locator('h1.page-title').textContent(), '我的首页');
    await shoot('applicant-home');

    await page.click('.sidenav a[href="/applicant/profile"]');
    await page.fill('#school', '同济大学');
    await page.selectOption('#degree', '硕士');
    await page.click('form.profile-form button.primary');
    await page.waitForURL(`${base}/applicant/profile`);
    assert.match((await page.textContent('body')) ?? '', /已保存：.*毕业院校/);
    assert.equal(await page.inputValue('#school'), '同济大学');
    // The previews are real images.
    for (const selector of ['img.portrait-photo', 'img.portrait-signature', 'img.certificate-preview']) {
      const loaded = await page.locator(selector).evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0);
      assert.ok(loaded, `${selector} shows`);
    }
    await shoot('applicant-profile');

    // A mistake is shown at its field and in the summary, and changes nothing.
    await page.fill('#mobile', '12345');
    await page.click('form.profile-form button.primary');
    assert.match((await page.textContent('.error-summary')) ?? '', /手机号码应以1开头|手机号码应为11位数字/);
    assert.equal(await page.getAttribute('#mobile', 'aria-invalid'), 'true');
  });

  it('办事指南 and 在线客服 list the FAQ and the phone numbers of the manuals', async () => {
    await page.goto(`${base}/applicant/guide`);
    await page.click('.faq summary >> nth=0');
    await shoot('applicant-guide');
    await page.goto(`${base}/applicant/help`);
    assert.match((await page.textContent('body')) ?? '', /010-88361866/);
  });

  it('a 一级建造师 form offers only the registered specialty and sends the SMS code, readable in the development outbox', async () => {
    await world.login('lina');
    await page.goto(`${base}/apply?profession=constructor&matter=renewal`);
    await page.waitForSelector('#sms-code button');
    await page.click('#sms-code button');
    await page.waitForFunction(() => /验证码已发送至手机/.test(document.querySelector('.sms-status')?.textContent ?? ''));
    assert.match((await page.textContent('#sms-code button')) ?? '', /秒后可重新获取/);
    const labels = await page.locator('#form .fjs-form-field-checklist label, #form .fjs-form-field-checklist .fjs-checkbox-label').allTextContents();
    assert.ok(labels.join(' ').includes('建筑工程') && !labels.join(' ').includes('市政公用工程'), `only 建筑工程 offered: ${labels.join(',')}`);
    await page.goto(`${base}/dev/sms-outbox`);
    assert.match((await page.textContent('table')) ?? '', /您的短信验证码为\d{6}/);
  });

  it('the case page shows the step bar and the steps still to come with their expected days', async () => {
    // given: 张伟 files his 岩土 初始注册 (as the page does: the letter read for a minute, then 提交)
    const actor = (await world.models.Account.findOne({ where: { username: 'zhangwei' } }))!;
    const person = (await world.models.Person.findByPk(actor.personId!))!;
    const design = (await world.models.Enterprise.findOne({ where: { name: '浙江华建工程设计有限公司' } }))!;
    const applications = world.runtime.applications;
    await applications.saveEmployer(actor, { creditCode: design.creditCode });
    await applications.openCommitment(actor, { profession: 'engineer', matter: 'initial' });
    world.clock.advance(COMMITMENT_READING_MS + 1_000);
    const q = (await world.models.Qualification.findOne({ where: { idNumber: person.idNumber, specialty: 'geotechnical' } }))!;
    const { application } = await applications.start(actor, {
      profession: 'engineer',
      matter: 'initial',
      formData: {
        conditionQualified: true,
        conditionSingleEmployer: true,
        conditionContinuingEducation: true,
        personalCommitment: 'accept',
        specialty: 'geotechnical',
        qualificationNo: q.certificateNumber,
        qualificationApprovalDate: q.approvalDate,
        qualificationMethod: QUALIFICATION_METHODS.find((m) => m.name === q.obtainedBy)!.code,
      },
    });
    // when
    await world.login('zhangwei');
    await page.goto(`${base}/applications/${application.id}`);
    // then
    const steps = await page.locator('.stepbar .stepbar-label').allTextContents();
    assert.deepEqual(steps, ['个人上报', '企业上报', '部级受理', '部级审批', '公告', '发证']);
    assert.equal(await page.getAttribute('.stepbar li[aria-current="step"] .stepbar-label', 'class'), 'stepbar-label');
    assert.equal(await page.textContent('.stepbar li[aria-current="step"] .stepbar-label'), '企业上报');
    assert.match((await page.textContent('.timeline-upcoming')) ?? '', /部级受理[\s\S]*预计 \d{4}-\d{2}-\d{2}|预计 \d{4}-\d{2}-\d{2}[\s\S]*部级受理/);
    assert.equal(await page.locator('#diagram').count(), 0, 'the applicant sees the step bar, not the technical model');
    await shoot('case-page');
  });
});
