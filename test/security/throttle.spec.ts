/**
 * Password guessing is throttled per account and per address, in the
 * database; every failed login leaves an audit record; an unknown username is
 * answered exactly like a wrong password. Uploads are throttled per account
 * and open only to the roles whose forms have files.
 */
import assert from 'node:assert/strict';
import { DEMO_PASSWORD } from '../../server/seed/demo-accounts.js';
import { logIn } from '../support/web-session.js';
import { openWorld, type World } from './support/world.js';

const MAX_FAILURES = 3;

describe('security: login and upload throttling', function () {
  this.timeout(60_000);
  let world: World;

  before(async () => {
    world = await openWorld({ LOGIN_MAX_FAILURES: String(MAX_FAILURES) });
  });
  after(() => world?.close());

  const login = (username: string, password: string) =>
    fetch(`${world.base}/login`, { method: 'POST', body: new URLSearchParams({ username, password }), headers: { accept: 'application/json' }, redirect: 'manual' });

  it('refuses even the right password after too many failures, says for how long, and audits each failure', async () => {
    // given
    const audited = await world.models.AuditEntry.count({ where: { action: 'login-failed' } });
    for (let i = 0; i < MAX_FAILURES; i++) assert.equal((await login('lina', `wrong-${i}`)).status, 401);
    // when
    const refused = await login('lina', DEMO_PASSWORD);
    const otherCase = await login('LINA', DEMO_PASSWORD);
    const someoneElse = await login('liuyang', DEMO_PASSWORD);
    // then
    assert.equal(refused.status, 429);
    assert.match((await refused.json()).error, /登录失败次数过多.*\d+分钟后再试/);
    assert.ok(Number(refused.headers.get('retry-after')) > 0);
    assert.equal(refused.headers.getSetCookie().length, 0, 'no session');
    assert.equal(otherCase.status, 429, 'counted case-insensitively');
    assert.equal(someoneElse.status, 303, 'another account is not locked');
    assert.equal(await world.models.AuditEntry.count({ where: { action: 'login-failed' } }), audited + MAX_FAILURES);
  });

  it('answers an unknown username as a wrong password, audits and counts it', async () => {
    // given
    const audited = await world.models.AuditEntry.count({ where: { action: 'login-failed' } });
    // when
    const unknown = await login('nobody-here', 'whatever');
    const wrong = await login('wangfang', 'whatever');
    // then
    assert.equal(unknown.status, wrong.status);
    assert.equal(await unknown.text(), (await wrong.text()).replace('wangfang', 'nobody-here'));
    assert.equal(await world.models.AuditEntry.count({ where: { action: 'login-failed' } }), audited + 2);
  });

  it('refuses uploads from roles whose forms have no files, and from fields no form has', async () => {
    // given
    const reviewer = await logIn(world.base, 'shengji');
    const applicant = await logIn(world.base, 'zhangwei');
    const upload = (field: string) => {
      const body = new FormData();
      body.append('field', field);
      body.append('file', new Blob([Buffer.from('%PDF-1.4\n')]), 'a.pdf');
      return body;
    };
    // when
    const byReviewer = await fetch(`${world.base}/uploads`, { method: 'POST', body: upload('idCardScans'), headers: reviewer.headers() });
    const odd = await Promise.all(['constructor', '__proto__', 'toString', 'hasOwnProperty'].map((f) => fetch(`${world.base}/uploads`, { method: 'POST', body: upload(f), headers: applicant.headers() })));
    const proper = await fetch(`${world.base}/uploads`, { method: 'POST', body: upload('idCardScans'), headers: applicant.headers() });
    // then
    assert.equal(byReviewer.status, 403);
    for (const res of odd) {
      assert.equal(res.status, 422);
      assert.match((await res.json()).error, /表单中没有这个附件栏目/);
    }
    assert.equal(proper.status, 201, await proper.clone().text());
  });
});
