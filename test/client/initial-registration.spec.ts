/**
 * 初始注册 of each profession through the pages, with one 补正 round: the
 * profession's demo applicant files on the generated form (form-js's own
 * refusals and the server's field errors shown in Chinese, at their fields
 * and in the error summary), the employer 上报s it, the first acceptance
 * (省级 for architects, 部级 for the others) asks for 补正, the applicant
 * uploads the material on the task page, and the case is back at acceptance.
 * No page it visits shows form-js's English; the refused form passes axe's
 * WCAG 2.1 A/AA rules with its errors shown. One server and one browser for
 * the whole file; writes docs/screenshots/form-errors-{1366,390}.png.
 */
import assert from 'node:assert/strict';
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Models } from '../../server/db/models/index.js';
import { portraitPng, signaturePng } from '../../server/seed/portrait.js';
import { availableEngines } from '../processes/scenarios/support/engines.js';
import type { OffsetClock } from '../support/offset-clock.js';
import { browserUnavailable, openBrowserWorld, type BrowserWorld } from './support/browser-world.js';

const SHOTS = 'docs/screenshots';

/** What form-js (and flatpickr) would show in English if a text escaped the translation. */
const ENGLISH = [
  /\bSelect\b/,
  /\bSearch\b/,
  /Field is required/,
  /Field must/,
  /Must match/i,
  /yyyy|mm\/dd|dd\/mm/i,
  /\bBrowse\b/,
  /No files? selected/i,
  /No results/,
  /All values selected/,
  /Value is (not|expected)/,
  /\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/,
  /\b(Sun|Mon|Tue|Wed|Thu|Fri|Sat)\b/,
];

interface Profession {
  code: string;
  name: string;
  applicant: string;
  employer: string;
  /** The first acceptance: its inbox task and the reviewer who works it. */
  acceptance: 'Task_ProvinceAcceptance' | 'Task_MinistryAcceptance';
  reviewer: string;
  correction: string;
  fill(page: Page): Promise<void>;
}

const engine = availableEngines().find((e) => e.name === 'embedded')!;

describe('初始注册 of every profession through the pages, with one 补正 round (embedded engine)', function () {
  this.timeout(240_000);
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
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await world?.close();
  });
  // A stalled filing is explained by what its page said (the error summary names the refused fields).
  afterEach(async function () {
    if (this.currentTest?.state === 'failed') console.log('      the page showed:', page.url(), await page.locator('main').innerText().catch(() => ''));
  });

  /** Every text of the page a person reads, the form's placeholders and labels for screen readers included. */
  async function assertNoEnglish(where: string) {
    const texts = await page.evaluate(() => {
      const out = [document.querySelector('main')?.innerText ?? document.body.innerText];
      for (const el of document.querySelectorAll<HTMLElement>('main [placeholder], main [aria-label], main [title]')) {
        out.push(el.getAttribute('placeholder') ?? '', el.getAttribute('aria-label') ?? '', el.getAttribute('title') ?? '');
      }
      return out.join('\n');
    });
    for (const english of ENGLISH) assert.doesNotMatch(texts, english, `${where} shows form-js's English`);
  }

  /** A form-js field's label, which ends in an asterisk when the field is required. */
  const named = (label: string) => new RegExp(`^${label.replace(/[()]/g, '\\$&')}\\s*\\*?$`);
  const input = (label: string) => page.getByLabel(named(label));
  const field = (kind: string, label: string) => page.locator(`.fjs-form-field-${kind}`, { has: page.locator('.fjs-form-field-label', { hasText: named(label) }) });

  async function choose(label: string, option: string) {
    await field('select', label).locator('.fjs-select-display').click();
    await page.locator('.fjs-dropdownlist-item', { hasText: option }).first().click();
  }

  async function fillDate(label: string, date: string) {
    // The date input takes the browser's own order (zh-CN: 年/月/日), as its placeholder says.
    await input(label).fill(date);
    await page.keyboard.press('Escape');
    // form-js takes the date when the picker closes and renders again: the next field is typed after that.
    await input(label).blur();
    await page.waitForTimeout(100);
  }

  async function upload(label: string, name: string, bytes: Buffer) {
    const picker = field('filepicker', label);
    await picker.locator('input[type=file]').setInputFiles({ name, mimeType: 'image/png', buffer: bytes });
    assert.equal(await picker.locator('.fjs-form-field-label').last().innerText(), name);
  }

  async function fillProfile(employer: { name: string; code: string }) {
    await input('民族').fill('汉族');
    await choose('学历', '大学本科');
    await choose('学位', '学士');
    await input('毕业院校').fill('浙江大学');
    await input('所学专业').fill('土木工程');
    await fillDate('毕业时间', '2002/07/01');
    await input('企业名称').fill(employer.name);
    await input('统一社会信用代码').fill(employer.code);
  }

  async function employerOf(username: string) {
    const account = await models.Account.findOne({ where: { username } });
    const enterprise = await models.Enterprise.findByPk(account!.enterpriseId!);
    return { name: enterprise!.name, code: enterprise!.creditCode };
  }

  async function submit() {
    await page.click('.actions button.primary');
  }

  async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
    for (let i = 0; i < 300; i++) {
      const found = await probe();
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`waited in vain for ${what}`);
  }

  const openTask = (elementId: string, applicationId: number) =>
    waitFor(`an open ${elementId}`, () => models.InboxTask.findOne({ where: { elementId, applicationId, status: 'open' } }));

  const PROFESSIONS: Profession[] = [
    {
      code: 'architect',
      name: '一级注册建筑师',
      applicant: 'wangfang',
      employer: 'qiye',
      acceptance: 'Task_ProvinceAcceptance',
      reviewer: 'shengji',
      correction: '劳动合同',
      async fill() {
        // The start page filled in the specialty and the register facts; 王芳's employer pays no social security for her.
        for (const label of ['1、依法取得', '2、只受聘', '3、达到继续教育']) await page.getByLabel(label, { exact: false }).check();
        await page.getByLabel('确定继续申报', { exact: false }).check();
        await input('本人做出上述承诺').check();
      },
    },
    {
      code: 'engineer',
      name: '勘察设计注册工程师',
      applicant: 'zhangwei',
      employer: 'qiye',
      acceptance: 'Task_MinistryAcceptance',
      reviewer: 'buji',
      correction: '继续教育证明',
      async fill() {
        for (const label of ['1、依法取得', '2、只受聘', '3、达到继续教育']) await page.getByLabel(label, { exact: false }).check();
        await input('本人做出上述承诺').check();
        await choose('注册专业类型', '一级注册结构工程师');
        await choose('获取执业资格方式', '考试');
        await fillDate('资格证书批准日期', '2023/11/06');
      },
    },
    {
      code: 'constructor',
      name: '一级建造师',
      applicant: 'lina',
      employer: 'qiye-jianshe',
      acceptance: 'Task_MinistryAcceptance',
      reviewer: 'buji',
      correction: '学历证书',
      async fill() {
        await page.getByLabel('本人已认真阅读', { exact: false }).check();
        await fillProfile(await employerOf('qiye-jianshe'));
        await fillDate('劳动合同开始日期', '2024/01/01');
        await upload('上传一寸免冠照片', 'photo.png', portraitPng('李娜'));
        await upload('上传手写签名', 'signature.png', signaturePng('李娜'));
        await input('本人作出上述承诺').check();
        // The code goes to the phone in 个人信息; the development outbox shows it.
        await page.click('#sms-code button');
        await page.waitForSelector('#sms-code .sms-status:not(:empty)');
        const outbox = await (await page.request.get(`${base}/dev/sms-outbox`)).text();
        const code = /验证码[^\d]*(\d{6})/.exec(outbox)?.[1];
        assert.ok(code, 'the outbox holds the code');
        await page.getByRole('textbox', { name: '短信验证码' }).fill(code);
      },
    },
    {
      code: 'supervisor',
      name: '监理工程师',
      applicant: 'liuyang',
      employer: 'qiye-jianli',
      acceptance: 'Task_MinistryAcceptance',
      reviewer: 'buji',
      correction: '社保缴纳证明',
      async fill() {
        await page.getByLabel('本人已认真阅读', { exact: false }).check();
        await fillProfile(await employerOf('qiye-jianli'));
        await choose('申请注册专业1', '土木建筑工程');
        await upload('上传一寸免冠照片', 'photo.png', portraitPng('刘洋'));
        await upload('上传签名', 'signature.png', signaturePng('刘洋'));
        await input('本人作出上述承诺').check();
      },
    },
  ];

  it('shows form-js\'s refusals in Chinese at their fields and in an error summary linking to each', async () => {
    // given
    await world.login('liuyang');
    await page.goto(`${base}/apply?profession=supervisor&matter=initial`);
    await page.waitForSelector('.fjs-form');
    await assertNoEnglish('the empty 监理工程师 form');
    // when: submitted empty
    await submit();
    // then
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    assert.equal(await summary.locator('h2').innerText(), '请更正以下问题');
    const links = await summary.locator('a').allInnerTexts();
    assert.ok(links.includes('请填写民族'), links.join(' / '));
    assert.ok(links.includes('请选择学历'), links.join(' / '));
    assert.ok(links.includes('请上传一寸免冠照片'), links.join(' / '));
    assert.match(await field('textfield', '民族').locator('.fjs-form-field-error').innerText(), /请填写民族/);
    await assertNoEnglish('the refused form');
    // and the page with its errors shown has no serious or critical WCAG 2.1 A/AA violation
    const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const severe = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(severe.map((v) => `${v.impact} ${v.id} (${v.help}) at ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`), []);
    // and a link moves to its field
    await summary.getByRole('link', { name: '请选择学历' }).click();
    assert.match((await page.evaluate(() => document.activeElement?.id)) ?? '', /Field_education$/);

    // the screenshots of the summary, at both widths
    for (const width of [1366, 390]) {
      await page.setViewportSize({ width, height: 900 });
      await summary.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/form-errors-${width}.png` });
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows the server\'s refusal at its field', async () => {
    // given
    await world.login('zhangwei');
    await page.goto(`${base}/apply?profession=engineer&matter=initial`);
    await page.waitForSelector('.fjs-form');
    await PROFESSIONS[1]!.fill(page);
    await input('资格证书管理号').fill('GC000000000000');
    clock.advance(61_000);
    // when
    await submit();
    // then
    const refused = field('textfield', '资格证书管理号');
    await refused.locator('.fjs-form-field-error').waitFor();
    assert.match(await refused.locator('.fjs-form-field-error').innerText(), /与资格库中.*不一致/);
    assert.match(await page.locator('.error-summary a').first().innerText(), /资格证书管理号.*不一致/);
    assert.equal(await models.Application.count({ where: { profession: 'engineer' } }), 0);
  });

  for (const p of PROFESSIONS) {
    it(`files ${p.name} 初始注册, is returned for 补正 once and comes back to acceptance`, async () => {
      // given: the applicant files
      await world.login(p.applicant);
      await page.goto(`${base}/apply?profession=${p.code}&matter=initial`);
      await page.waitForSelector('.fjs-form');
      await p.fill(page);
      if (p.code === 'engineer') {
        const person = await models.Person.findOne({ where: { name: '张伟' } });
        const q = await models.Qualification.findOne({ where: { idNumber: person!.idNumber, specialty: 'structural' } });
        await input('资格证书管理号').fill(q!.certificateNumber);
      }
      await assertNoEnglish(`the ${p.name} form, filled`);
      clock.advance(61_000);
      await submit();
      await page.waitForURL(/\/applications\/\d+/);
      const applicationId = Number(/\/applications\/(\d+)/.exec(page.url())![1]);
      await assertNoEnglish(`the ${p.name} case page`);
      if (p.code === 'constructor' || p.code === 'supervisor') {
        // The read-only form shows the uploaded photo and signature, not an empty, refused file field.
        await page.waitForSelector('.zh-uploaded img');
        assert.equal(await page.locator('#form .zh-uploaded img').count(), 2);
        assert.equal(await page.locator('#form .fjs-form-field-error').count(), 0);
        assert.equal(await page.locator('#form .zh-no-upload').count(), 0);
      }

      // when: the employer reports it after its commitment letter
      await openTask('Task_EmployerReport', applicationId);
      await world.login(p.employer);
      await page.goto(`${base}/employer/filings`);
      await page.locator('tbody tr', { hasText: (await models.Application.findByPk(applicationId))!.number }).locator('input[name=ids]').check();
      await page.click('[data-report]');
      await page.waitForSelector('#commitment-modal:not([hidden])');
      clock.advance(61_000);
      await page.evaluate(() => ((document.querySelector('[data-confirm]') as HTMLButtonElement).disabled = false));
      await page.click('[data-confirm]');
      await page.waitForSelector('.notice');
      assert.match(await page.locator('.notice').innerText(), /上报成功/);

      // and the first acceptance asks for 补正
      const acceptance = await openTask(p.acceptance, applicationId);
      await world.login(p.reviewer);
      await page.goto(`${base}/tasks/${acceptance.id}?back=${encodeURIComponent('/reviewer/group')}`);
      await page.waitForSelector('#form .fjs-form');
      await assertNoEnglish(`the ${p.name} acceptance task`);
      await input('补正').check();
      await input('补正内容').fill(p.correction);
      await input('补正原因').fill(`请补充${p.correction}的扫描件`);
      await submit();
      await page.waitForURL(/\/reviewer\/group/);

      // and the applicant uploads the material on the task page from the case page
      await openTask(p.acceptance.replace('Acceptance', 'ApplicantCorrection'), applicationId);
      await world.login(p.applicant);
      await page.goto(`${base}/applications/${applicationId}`);
      await page.getByRole('link', { name: '办理：个人补正' }).click();
      await page.waitForSelector('#form .fjs-form');
      assert.equal(await input('补正内容').inputValue(), p.correction);
      await assertNoEnglish(`the ${p.name} 补正 task`);
      // Rule 5 holds correction images to 200–500 KB: a scan's size, padded after the image's end.
      await upload('补正材料', 'material.png', Buffer.concat([portraitPng(p.correction), Buffer.alloc(250 * 1024)]));
      await input('补正说明').fill(`已补充${p.correction}`);
      await submit();
      await page.waitForURL(/\/applications\/\d+/);

      // then: the case is back at the acceptance
      await openTask(p.acceptance, applicationId);
      assert.equal(await models.InboxTask.count({ where: { elementId: p.acceptance, applicationId } }), 2);
      const corrected = await models.Attachment.count({ where: { applicationId, fileName: 'material.png' } });
      assert.equal(corrected, 1);
    });
  }
});
