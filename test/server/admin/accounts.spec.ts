import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Sequelize } from 'sequelize';
import { createApp } from '../../../server/app.js';
import { ManualClock } from '../../../server/clock.js';
import { loadConfig } from '../../../server/config.js';
import { defineModels, type Models } from '../../../server/db/models/index.js';
import { seedDemo } from '../../../server/seed/demo.js';
import { migratedDatabase } from '../../support/database.js';
import { logIn, type WebSession } from '../../support/web-session.js';
import { candidateScope } from '../../../server/inbox/candidate-scope.js';

describe('admin: accounts, roles and reviewer scopes', () => {
  let sequelize: Sequelize;
  let models: Models;
  let server: Server;
  let base: string;
  let admin: WebSession;
  const clock = new ManualClock(new Date('2026-11-23T02:00:00Z'));

  before(async () => {
    sequelize = await migratedDatabase();
    models = defineModels(sequelize);
    await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
    server = createApp({ config: loadConfig({}), models, clock, rootDir: path.resolve('.') }).listen(0);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    admin = await logIn(base, 'admin');
  });

  after(async () => {
    server.close();
    await sequelize.close();
  });

  const form = (values: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) for (const x of [v].flat()) body.append(k, x);
    return body;
  };

  it('lists accounts with search and paging', async () => {
    // when
    const all = await (await admin.get('/admin/accounts', { accept: 'text/html' })).text();
    const found = await (await admin.get('/admin/accounts?q=buji', { accept: 'text/html' })).text();
    // then
    assert.match(all, /共 \d+ 条/);
    assert.ok(found.includes('<code>buji</code>') && found.includes('<code>buji-chuzhang</code>'));
    assert.ok(!found.includes('<code>zhangwei</code>'), 'the search narrows the list');
  });

  it('creates a provincial reviewer with a province and profession scope, audited, who can log in', async () => {
    // when
    const res = await admin.post(
      '/admin/accounts',
      form({ username: 'zj-jianzao', displayName: '浙江一级建造师审查员', role: 'provincial_reviewer', province: '33', professions: ['constructor'], password: 'Shencha2026' }),
    );
    // then
    assert.equal(res.status, 303);
    const account = await models.Account.findOne({ where: { username: 'zj-jianzao' } });
    assert.ok(account);
    assert.equal(account.role, 'provincial_reviewer');
    assert.equal(account.province, '33');
    assert.deepEqual(account.professions, ['constructor']);
    const audit = await models.AuditEntry.findOne({ where: { action: 'account-created', entityId: String(account.id) } });
    assert.equal(audit?.actorName, '系统管理员');
    assert.ok(!JSON.stringify(audit?.detail).includes('passwordHash'), 'the audit keeps no password hash');
    const reviewer = await logIn(base, 'zj-jianzao', 'Shencha2026');
    assert.equal(reviewer.login.status, 303);
  });

  it('refuses a provincial reviewer without a province, naming the field, and creates nothing', async () => {
    // given
    const before = await models.Account.count();
    // when
    const res = await admin.post('/admin/accounts', form({ username: 'no-province', displayName: '无省份', role: 'provincial_reviewer', password: 'Shencha2026' }), { accept: 'text/html' });
    // then
    assert.equal(res.status, 422);
    const html = await res.text();
    assert.ok(html.includes('审查省份：省级审查人员必须选择所属省份'));
    assert.ok(html.includes('value="no-province"'), 'the form keeps what was typed');
    assert.equal(await models.Account.count(), before);
  });

  it('refuses a taken username, a weak password and an applicant role', async () => {
    // given
    const before = await models.Account.count();
    // when
    const taken = await admin.post('/admin/accounts', form({ username: 'buji', displayName: '重复', role: 'ministry_reviewer', password: 'Shencha2026' }));
    const weak = await admin.post('/admin/accounts', form({ username: 'weak-one', displayName: '弱密码', role: 'analyst', password: 'abcdefgh' }));
    const applicant = await admin.post('/admin/accounts', form({ username: 'someone', displayName: '个人', role: 'applicant', password: 'Shencha2026' }));
    // then
    assert.equal(taken.status, 409);
    assert.ok((await taken.text()).includes('用户名：“buji”已被使用'));
    assert.equal(weak.status, 422);
    assert.ok((await weak.text()).includes('初始密码：须同时包含字母和数字'));
    assert.equal(applicant.status, 422);
    assert.ok((await applicant.text()).includes('个人和企业账号由实名注册产生'));
    assert.equal(await models.Account.count(), before);
  });

  it('deactivates an account: its sessions end at once and it cannot log in until reactivated', async () => {
    // given
    // (a logged-in reviewer is refused the admin page with 403; a session that ended is sent to log in, 303)
    const buji = await logIn(base, 'buji');
    assert.equal((await buji.get('/admin/accounts', { accept: 'text/html' })).status, 403);
    const account = (await models.Account.findOne({ where: { username: 'buji' } }))!;
    // when
    const res = await admin.post(`/admin/accounts/${account.id}/active`, form({ active: '0' }));
    // then
    assert.equal(res.status, 303);
    const after = await buji.get('/admin/accounts', { accept: 'text/html' });
    assert.equal(after.status, 303, 'the open session is gone');
    assert.equal((await logIn(base, 'buji')).login.status, 401, 'a deactivated account cannot log in');
    assert.equal((await models.Account.findByPk(account.id))!.active, false);
    assert.ok(await models.AuditEntry.findOne({ where: { action: 'account-deactivated', entityId: String(account.id) } }));
    // and when reactivated
    await admin.post(`/admin/accounts/${account.id}/active`, form({ active: '1' }));
    assert.equal((await models.Account.findByPk(account.id))!.active, true);
    assert.ok(await models.AuditEntry.findOne({ where: { action: 'account-reactivated', entityId: String(account.id) } }));
  });

  it('refuses to deactivate the administrator’s own account', async () => {
    // given
    const self = (await models.Account.findOne({ where: { username: 'admin' } }))!;
    // when
    const res = await admin.post(`/admin/accounts/${self.id}/active`, form({ active: '0' }), { accept: 'text/html' });
    // then
    assert.equal(res.status, 409);
    assert.ok((await res.text()).includes('不能停用自己正在使用的账号'));
    assert.equal((await models.Account.findByPk(self.id))!.active, true);
  });

  it('resets a password: the old one stops working, the sessions end, the new one logs in', async () => {
    // given
    const lina = await logIn(base, 'lina');
    const account = (await models.Account.findOne({ where: { username: 'lina' } }))!;
    // when
    const short = await admin.post(`/admin/accounts/${account.id}/password`, form({ password: 'a1' }), { accept: 'text/html' });
    const res = await admin.post(`/admin/accounts/${account.id}/password`, form({ password: 'NeuesPass99' }));
    // then
    assert.equal(short.status, 422);
    assert.ok((await short.text()).includes('新密码：长度须为8至64个字符'));
    assert.equal(res.status, 303);
    assert.equal((await lina.get('/applicant', { accept: 'text/html' })).status, 303, 'the old session ended');
    const old = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ username: 'lina', password: 'Zhuce@2026' }), redirect: 'manual' });
    assert.equal(old.status, 401);
    assert.equal((await logIn(base, 'lina', 'NeuesPass99')).login.status, 303);
    assert.equal(await models.AuditEntry.count({ where: { action: 'account-password-reset', entityId: String(account.id) } }), 1);
  });

  it('changes a reviewer’s scope, and refuses an unknown profession without changing it', async () => {
    // given
    const account = (await models.Account.findOne({ where: { username: 'shengji' } }))!;
    const held = async (n: number, group: string) => {
      const task = await models.InboxTask.create({
        elementInstanceKey: `scope-${n}`, jobKey: `scope-${n}`, processInstanceKey: `scope-${n}`, bpmnProcessId: 'zhuce-initial-constructor',
        elementId: 'Task_ProvinceReview', name: '省级审查', formId: null, applicationId: null, assignee: null, variables: {}, dueAt: null,
        result: null, completedAt: null, completedBy: null, claimedBy: account.id, claimedByName: account.displayName, ...candidateScope([group]),
      });
      await models.InboxTaskCandidate.create({ taskId: task.id, candidateGroup: group });
      return task;
    };
    const constructorTask = await held(1, 'province:33:constructor');
    const engineerTask = await held(2, 'province:33:engineer');
    // when
    const bad = await admin.post(`/admin/accounts/${account.id}`, form({ displayName: account.displayName, role: 'provincial_reviewer', province: '33', professions: ['pilot'] }), { accept: 'text/html' });
    const good = await admin.post(`/admin/accounts/${account.id}`, form({ displayName: account.displayName, role: 'provincial_reviewer', province: '33', professions: ['architect', 'engineer'] }));
    // then
    assert.equal(bad.status, 422);
    assert.ok((await bad.text()).includes('审查专业范围：“pilot”不是有效的注册类别'));
    assert.equal(good.status, 303);
    assert.deepEqual((await models.Account.findByPk(account.id))!.professions, ['architect', 'engineer']);
    const audit = await models.AuditEntry.findOne({ where: { action: 'account-updated', entityId: String(account.id) } });
    assert.deepEqual((audit!.detail as { before: { professions: unknown } }).before.professions, null);
    // the claim the new scope does not cover went back to its group, the other stays
    assert.equal((await models.InboxTask.findByPk(constructorTask.id))!.claimedBy, null);
    assert.equal((await models.InboxTask.findByPk(engineerTask.id))!.claimedBy, account.id);
    assert.deepEqual((audit!.detail as { releasedTasks: number[] }).releasedTasks, [constructorTask.id]);
  });

  it('is the administrator’s only: other roles get no admin page', async () => {
    // given
    const analyst = await logIn(base, 'fenxi');
    // when
    const res = await analyst.get('/admin/accounts', { accept: 'text/html' });
    const post = await analyst.post('/admin/accounts', form({ username: 'sneaky', displayName: 'x', role: 'admin', password: 'Shencha2026' }));
    // then
    assert.equal(res.status, 403);
    assert.equal(post.status, 403);
    assert.equal(await models.Account.count({ where: { username: 'sneaky' } }), 0);
  });
});
