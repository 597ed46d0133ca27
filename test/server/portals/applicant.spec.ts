import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { ApplicationService, type ApplicationServiceDeps } from '../../../server/applications/application-service.js';
import { createApp } from '../../../server/app.js';
import { caseServices } from '../../../server/cases/task-actions.js';
import { loadConfig } from '../../../server/config.js';
import type { DocumentService } from '../../../server/documents/document-service.js';
import { FormRegistry } from '../../../server/forms/registry.js';
import { NAVIGATION } from '../../../server/http/navigation.js';
import { SmsCodes } from '../../../server/sms/codes.js';
import { OutboxSms } from '../../../server/sms/outbox.js';
import { logIn, type WebSession } from '../../support/web-session.js';
import { fixture, repositoryCatalog, type Fixture } from '../applications/fixture.js';
import { jpeg, png } from '../validation/images.js';

const html = { accept: 'text/html' };

describe('the applicant workbench pages', function () {
  this.timeout(120_000);
  let f: Fixture;
  let server: Server;
  let base: string;
  let session: WebSession;
  let outbox: OutboxSms;

  before(async () => {
    f = await fixture();
    const rootDir = path.resolve('.');
    outbox = new OutboxSms({ sequelize: f.sequelize, clock: f.clock });
    const applications = new ApplicationService({
      ...(f.service as unknown as { deps: ApplicationServiceDeps }).deps,
      smsCodes: new SmsCodes({ sequelize: f.sequelize, clock: f.clock, sms: outbox }),
    });
    const cases = caseServices({
      models: f.models,
      catalog: await repositoryCatalog(),
      forms: FormRegistry.fromDirectory(path.join(rootDir, 'forms')),
      documents: {} as DocumentService,
      userTasks: f.userTasks,
      applications,
    });
    server = createApp({ config: loadConfig({}), models: f.models, clock: f.clock, rootDir, cases, applications }).listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    session = await logIn(base, 'zhangwei');
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
    await f?.close();
  });

  const page = async (url: string, s = session) => {
    const res = await s.get(url, html);
    return { status: res.status, text: await res.text() };
  };
  const form = (values: Record<string, string>) => new URLSearchParams(values);

  it('has a page of its own for every entry of the applicant menu, each titled and listed in the side navigation', async () => {
    const items = NAVIGATION.applicant.flatMap((s) => s.items);
    assert.deepEqual(
      items.map((i) => i.label),
      ['我的首页', '个人信息', '注册信息', '信息更正', '申报事项', '当前申报', '历史申报', '我的消息', '我的申辩', '办事指南', '在线客服'],
    );
    for (const item of items) {
      const { status, text } = await page(item.href);
      assert.equal(status, 200, item.href);
      assert.ok(text.includes(`<h1 class="page-title">${item.label}`), `${item.href} is titled ${item.label}`);
      for (const other of items) assert.ok(text.includes(`href="${other.href}"`), `${item.href} links ${other.href}`);
    }
  });

  describe('个人信息', () => {
    const person = () => f.personOf('zhangwei');
    const valid = async () => {
      const p = await person();
      return { ethnicity: '汉族', school: '同济大学', major: '结构工程', education: '硕士研究生', degree: '硕士', graduationDate: '2010-06-30', mobile: p.mobile! };
    };

    it('saves the fields a person may change directly and audits before and after', async () => {
      // given
      const before = await person();
      // when
      const res = await session.post('/applicant/profile', form(await valid()));
      // then
      assert.equal(res.status, 303);
      const after = await person();
      assert.deepEqual(
        [after.ethnicity, after.school, after.major, after.education, after.degree, after.graduationDate],
        ['汉族', '同济大学', '结构工程', '硕士研究生', '硕士', '2010-06-30'],
      );
      assert.equal(after.name, before.name, 'the name is not a direct field');
      const audit = await f.models.AuditEntry.findOne({ where: { action: 'profile-update', entityType: 'person', entityId: String(after.id) }, order: [['id', 'DESC']] });
      assert.equal((audit?.detail?.after as Record<string, unknown>).school, '同济大学');
      assert.equal((audit?.detail?.before as Record<string, unknown>).school, before.school);
      assert.match(await (await page('/applicant/profile')).text, /已保存：.*毕业院校/);
    });

    it('refuses a bad phone number, a future graduation date and an unknown degree at their fields, changing nothing', async () => {
      // given
      const before = (await person()).get({ plain: true });
      const audits = await f.models.AuditEntry.count();
      // when
      const res = await session.post('/applicant/profile', form({ ...(await valid()), mobile: '2380000000', graduationDate: '2099-01-01', degree: '学霸' }), html);
      // then
      assert.equal(res.status, 422);
      const text = await res.text();
      assert.match(text, /class="error-summary"/);
      assert.match(text, /手机号码应为11位数字/);
      assert.match(text, /毕业时间不能晚于2026-03-02/);
      assert.match(text, /学位：请从“博士、硕士、学士、无”中选择/);
      assert.deepEqual((await person()).get({ plain: true }), before);
      assert.equal(await f.models.AuditEntry.count(), audits);
    });

    it('keeps an education on file from an older list (本科) selected, so saving another field does not clear it', async () => {
      // given
      await (await person()).update({ education: '本科' });
      // when
      const { text } = await page('/applicant/profile');
      await session.post('/applicant/profile', form({ ...(await valid()), education: '本科', school: '浙江大学' }));
      // then
      assert.match(text, /<option selected>本科<\/option>/);
      assert.deepEqual([(await person()).education, (await person()).school], ['本科', '浙江大学']);
      const refused = await session.post('/applicant/profile', form({ ...(await valid()), education: '大专' }), html);
      assert.equal(refused.status, 422, 'another value outside the list is refused');
    });

    it('ignores a name or ID number posted with the profile: those change only through 信息更正', async () => {
      const before = await person();
      await session.post('/applicant/profile', form({ ...(await valid()), name: '王五', idNumber: '11010519491231002X' }));
      const after = await person();
      assert.deepEqual([after.name, after.idNumber], [before.name, before.idNumber]);
    });

    it('puts a first photo on file, previews it, and refuses to replace it without the reviewed matter', async () => {
      // given: no photo on file
      const p = await person();
      await p.update({ photoAttachmentId: null });
      const upload = (bytes: Buffer, name: string) => {
        const body = new FormData();
        body.append('file', new Blob([new Uint8Array(bytes)]), name);
        return fetch(`${base}/applicant/profile/photo`, { method: 'POST', body, headers: { cookie: session.cookie, 'x-csrf-token': session.csrfToken, accept: 'application/json' } });
      };
      // when: not an image
      const refused = await upload(Buffer.from('%PDF-1.4'), 'photo.jpg');
      assert.equal(refused.status, 422);
      assert.equal((await person()).photoAttachmentId, null);
      // when: a photo
      const ok = await upload(jpeg(295, 413), 'photo.jpg');
      // then
      assert.equal(ok.status, 200, await ok.clone().text());
      const onFile = (await person()).photoAttachmentId;
      assert.ok(onFile);
      const image = await session.get('/applicant/profile/photo.img');
      assert.equal(image.headers.get('content-type'), 'image/jpeg');
      // and a second one is the reviewed matter's
      const again = await upload(jpeg(295, 413, { totalBytes: 40_000 }), 'photo2.jpg');
      assert.equal(again.status, 409);
      assert.match(((await again.json()) as { error: string }).error, /修改免冠照及手写签名/);
      assert.equal((await person()).photoAttachmentId, onFile);
    });

    it('draws the certificate preview with the photo, the masked ID number and a 样本 watermark', async () => {
      const res = await session.get('/applicant/profile/certificate-preview.svg');
      assert.equal(res.headers.get('content-type'), 'image/svg+xml; charset=utf-8');
      const svg = await res.text();
      const p = await person();
      assert.match(svg, /样本/);
      assert.match(svg, /data:image\/(png|jpeg);base64,/);
      assert.ok(svg.includes(`${p.idNumber.slice(0, 4)}**********${p.idNumber.slice(-4)}`));
      assert.ok(!svg.includes(p.idNumber), 'the full ID number is not printed');
      assert.match(svg, /勘察设计注册工程师注册证书/);
    });
  });

  describe('信息更正 and the start pages', () => {
    it('the 信息更正 page sends the direct fields to 个人信息, which now edits them, and the rest to the reviewed matter', async () => {
      const { text } = await page('/applicant/correction');
      assert.match(text, /民族、毕业院校、所学专业、学历、学位、毕业时间、手机号码可在<a href="\/applicant\/profile">个人信息<\/a>中直接修改/);
      assert.ok(text.includes('/apply?profession=engineer&amp;matter=info-correction'));
      assert.match((await page('/applicant/profile')).text, /<input id="ethnicity" name="ethnicity"/);
    });

    it('the 初始注册 page of 张伟 offers only his 结构 and 岩土', async () => {
      const { text } = await page('/apply?profession=engineer&matter=initial');
      const schema = JSON.parse(/<script type="application\/json" id="form-schema">(.*?)<\/script>/s.exec(text)![1]);
      const select = JSON.stringify(schema).match(/"key":"specialty".*?"values":(\[.*?\])/)?.[1] ?? JSON.stringify(schema).match(/"values":(\[[^\]]*structural[^\]]*\])/)?.[1];
      assert.deepEqual(JSON.parse(select!).map((v: { value: string }) => v.value), ['structural', 'geotechnical']);
    });

    it('李娜\'s 延续注册 page offers only 建筑工程, chosen already, with the 获取短信验证码 button', async () => {
      const lina = await logIn(base, 'lina');
      const { text } = await page('/apply?profession=constructor&matter=renewal', lina);
      const schema = /<script type="application\/json" id="form-schema">(.*?)<\/script>/s.exec(text)![1];
      const values = JSON.parse(/"key":"specialties".*?"values":(\[.*?\])/.exec(schema)?.[1] ?? /"values":(\[[^\]]*building[^\]]*\])/.exec(schema)![1]);
      assert.deepEqual(values.map((v: { value: string }) => v.value), ['building']);
      const data = JSON.parse(/<script type="application\/json" id="form-data">(.*?)<\/script>/s.exec(text)![1]);
      assert.deepEqual(data.specialties, ['building']);
      assert.match(text, /获取短信验证码/);
    });

    it('/apply without a matter leads an applicant to the list of matters', async () => {
      const res = await session.get('/apply', html);
      assert.equal(res.status, 303);
      assert.equal(res.headers.get('location'), '/applicant/matters');
    });
  });

  describe('短信验证码 and the development outbox', () => {
    it('sends the code to the phone on file, refuses a second within the minute, and the outbox page shows it', async () => {
      const lina = await logIn(base, 'lina');
      const person = await f.personOf('lina');
      // when
      const sent = await lina.post('/sms/code');
      // then
      assert.equal(sent.status, 200);
      assert.match(((await sent.json()) as { message: string }).message, new RegExp(`验证码已发送至手机${person.mobile!.slice(0, 3)}\\*\\*\\*\\*${person.mobile!.slice(7)}`));
      const again = await lina.post('/sms/code');
      assert.equal(again.status, 429);
      assert.ok(Number(again.headers.get('retry-after')) > 0);
      const [message] = await outbox.latest(1, person.mobile!);
      const { text } = await page('/dev/sms-outbox', lina);
      assert.ok(text.includes(message.text), 'the outbox page shows the code');
      // and another applicant sees only the messages to their own phone
      assert.ok(!(await page('/dev/sms-outbox')).text.includes(message.text));
    });

    it('has no outbox page when DEV_SMS_OUTBOX is off (production)', async () => {
      const config = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) });
      assert.equal(config.devSmsOutbox, false);
      assert.equal(loadConfig({ SEED_DEMO: 'false' }).devSmsOutbox, false);
      assert.equal(loadConfig({}).devSmsOutbox, true);
    });
  });

  describe('办事指南 and 在线客服', () => {
    it('shows the FAQ of the person\'s profession first and the manuals\' phone numbers', async () => {
      const guide = (await page('/applicant/guide')).text;
      assert.ok(guide.indexOf('勘察设计注册工程师') < guide.indexOf('一级建造师'), 'his own profession first');
      assert.match(guide, /每个注册专业只可以申报一次初始注册/);
      assert.match(guide, /增项注册业务不需要企业上报/);
      const help = (await page('/applicant/help')).text;
      for (const phone of ['010-88361866', '010-63369167', '010-62006282', '010-64820640', '010-88019251', '010-68318963', '0531-66680788']) assert.ok(help.includes(phone), phone);
    });
  });

  it('reminds 李娜 on her home page of the registration that expires within six months (rule 17), and 张伟 of nothing', async () => {
    const lina = await logIn(base, 'lina');
    const { text } = await page('/applicant', lina);
    const [registration] = await f.models.Registration.findAll({ where: { personId: (await f.personOf('lina')).id } });
    assert.ok(text.includes(`注册有效期至 ${registration.validTo}，请在有效期届满前申报延续注册`));
    assert.ok(!(await page('/applicant')).text.includes('请在有效期届满前申报延续注册'));
  });

  it('an employer cannot open the applicant pages', async () => {
    const qiye = await logIn(base, 'qiye');
    for (const url of ['/applicant/profile', '/applicant/guide']) assert.equal((await qiye.get(url, html)).status, 403, url);
    assert.equal((await qiye.post('/sms/code')).status, 403);
  });

  it('refuses a profile photo upload without the CSRF token', async () => {
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(png(405, 162))]), 'signature.png');
    const res = await fetch(`${base}/applicant/profile/signature`, { method: 'POST', body, headers: { cookie: session.cookie, accept: 'application/json' } });
    assert.equal(res.status, 403);
  });
});
