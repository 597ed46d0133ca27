import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { createApp } from '../../server/app.js';
import { ManualClock } from '../../server/clock.js';
import { loadConfig } from '../../server/config.js';
import { defineModels, type Models } from '../../server/db/models/index.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../server/seed/demo-accounts.js';
import { seedDemo } from '../../server/seed/demo.js';
import { migratedDatabase } from '../support/database.js';
import { logIn } from '../support/web-session.js';

const PORTAL_TEXT: Record<string, string> = {
  applicant: '个人信息',
  employer: '企业基本信息',
  provincial_reviewer: '待办任务',
  ministry_reviewer: '待办任务',
  analyst: '流程与表单',
  admin: '系统管理',
};

describe('the web application with the demo data', () => {
  let sequelize: Sequelize;
  let models: Models;
  let server: Server;
  let base: string;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));

  before(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    await seedDemo(sequelize, models, { clock, backgroundPersons: 20 });
    const app = createApp({ config: loadConfig({}), models, clock, rootDir: path.resolve('.') });
    server = app.listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    server.close();
    await sequelize.close();
  });

  async function login(username: string, password = DEMO_PASSWORD) {
    const res = await fetch(`${base}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username, password }),
      redirect: 'manual',
    });
    return { res, cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
  }

  it('lists a demo account for every role on the home page', async () => {
    // when
    const html = await (await fetch(base)).text();
    // then
    for (const account of DEMO_ACCOUNTS) assert.ok(html.includes(`<code>${account.username}</code>`), account.username);
    for (const role of ['个人', '企业', '省级审查人员', '部级审查人员', '业务分析员', '系统管理员']) assert.ok(html.includes(role), role);
  });

  it('logs every demo account into its own portal', async () => {
    for (const account of DEMO_ACCOUNTS) {
      // when
      const { res, cookie } = await login(account.username);
      const portal = await fetch(new URL(res.headers.get('location')!, base), { headers: { cookie } });
      // then
      assert.equal(res.status, 303, account.username);
      assert.equal(portal.status, 200, account.username);
      const html = await portal.text();
      assert.ok(html.includes(PORTAL_TEXT[account.role]), `${account.username} sees ${PORTAL_TEXT[account.role]}`);
      assert.ok(html.includes(account.displayName), `${account.username} sees its name`);
    }
  });

  it('shows the employer the staff whose registration expires within six months', async () => {
    // given
    const { cookie } = await login('qiye-jianshe');
    // when
    const html = await (await fetch(`${base}/employer/expiring`, { headers: { cookie } })).text();
    // then
    const warning = html.slice(html.indexOf('<table class="grid expiring">'), html.indexOf('</table>', html.indexOf('<table class="grid expiring">')));
    assert.ok(warning.includes('李娜'), '李娜 expires in 120 days');
  });

  it('refuses a wrong password with a Chinese message and no session', async () => {
    // when
    const { res, cookie } = await login('zhangwei', 'wrong');
    // then
    assert.equal(res.status, 401);
    assert.ok((await res.text()).includes('用户名或密码错误'));
    assert.equal(cookie, '');
  });

  it('keeps each role out of the other portals', async () => {
    // given
    const { cookie } = await login('zhangwei');
    // when
    const admin = await fetch(`${base}/admin`, { headers: { cookie, accept: 'application/json' } });
    const anonymous = await fetch(`${base}/employer`, { redirect: 'manual' });
    // then
    assert.equal(admin.status, 403);
    assert.match((await admin.json()).error, /无权访问/);
    assert.equal(anonymous.status, 303);
    assert.equal(anonymous.headers.get('location'), '/login');
  });

  it('shows a status message only from the session, once, never from the URL', async () => {
    // given
    const employer = await logIn(base, 'qiye');
    // when a page is asked for with text in its query
    const forged = await (await employer.get('/employer?notice=您的注册已被注销', { accept: 'text/html' })).text();
    // then the text is not shown
    assert.ok(!forged.includes('您的注册已被注销'));
    // when the server itself says something and redirects
    await employer.post('/employer/profile', new URLSearchParams({ contactName: '赵六', contactPhone: '13905710000', address: '杭州市西湖区文三路1号' }), { accept: 'text/html' });
    const first = await (await employer.get('/employer', { accept: 'text/html' })).text();
    const second = await (await employer.get('/employer', { accept: 'text/html' })).text();
    // then the next page shows it and the one after does not
    assert.match(first, /class="notice notice-success" role="status"><p>企业基本信息已保存/);
    assert.ok(!second.includes('企业基本信息已保存'));
  });

  it('gives every role a side navigation with the current screen marked', async () => {
    for (const { username } of DEMO_ACCOUNTS.filter((a, i, all) => all.findIndex((b) => b.role === a.role) === i)) {
      // given
      const session = await logIn(base, username);
      const home = session.login.headers.get('location')!;
      // when
      const html = await (await session.get(home, { accept: 'text/html' })).text();
      // then
      assert.match(html, /<nav class="sidenav" aria-label="功能导航">/, username);
      assert.match(html, new RegExp(`<a href="${home.replace(/[?]/g, '\\?')}" aria-current="page">`), username);
    }
  });

  it('seeds only once: a second start keeps the data', async () => {
    // given
    const persons = await models.Person.count();
    // when
    const seededAgain = await seedDemo(sequelize, models, { clock, backgroundPersons: 20 });
    // then
    assert.equal(seededAgain, false);
    assert.equal(await models.Person.count(), persons);
  });

  describe('申辩: answering an anomaly', () => {
    it('takes the applicant statement once, refuses an empty one and other people', async () => {
      // given
      const wangfang = (await models.Account.findOne({ where: { username: 'wangfang' } }))!;
      const appeal = await models.Appeal.create({ applicationId: null, personId: wangfang.personId!, enterpriseId: null, kind: '社保异常', reason: '聘用单位无社保缴纳记录', statement: null, status: '待申辩', respondedAt: null, dedupeKey: null });
      const post = async (username: string, statement: string) => (await logIn(base, username)).post(`/appeals/${appeal.id}`, new URLSearchParams({ statement }));
      // when
      const empty = await post('wangfang', '  ');
      const stranger = await post('zhangwei', '不是我的');
      const answered = await post('wangfang', '本人社保由单位委托人力资源公司代缴');
      const again = await post('wangfang', '再次提交');
      // then
      assert.equal(empty.status, 422);
      assert.equal((await empty.json()).error, '申辩说明不能为空');
      assert.equal(stranger.status, 404, 'another person’s appeal answers as a missing one');
      assert.equal(answered.status, 303);
      assert.equal(again.status, 409);
      await appeal.reload();
      assert.equal(appeal.status, '已申辩');
      assert.equal(appeal.statement, '本人社保由单位委托人力资源公司代缴');
    });
  });

  describe('企业基本信息', () => {
    it('saves the basic information the employer needs before reporting, and refuses a bad phone', async () => {
      // given
      const employer = await logIn(base, 'qiye-xinzhu');
      const enterprise = (await models.Enterprise.findOne({ where: { name: '浙江新筑工程设计有限公司' } }))!;
      await enterprise.update({ basicInfoSavedAt: null });
      const save = (phone: string) =>
        employer.post('/employer/profile', new URLSearchParams({ contactName: '赵敏', contactPhone: phone, address: '浙江省杭州市西湖区文三路100号' }));
      // when
      const bad = await save('1234');
      await enterprise.reload();
      const unchanged = enterprise.basicInfoSavedAt;
      const good = await save('13905710000');
      // then
      assert.equal(bad.status, 422);
      assert.match((await bad.json()).error, /联系电话/);
      assert.equal(unchanged, null);
      assert.equal(good.status, 303);
      await enterprise.reload();
      assert.equal(enterprise.contactPhone, '13905710000');
      assert.ok(enterprise.basicInfoSavedAt);
    });
  });
});
