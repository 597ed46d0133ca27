/**
 * Sessions live on the server: a login gets a new id, logout and a password
 * change or deactivation end them, they expire when idle and at the latest
 * after the absolute limit, and no cookie the server did not issue opens
 * anything. The secret that signs the cookie is nobody's constant.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashPassword } from '../../server/auth/passwords.js';
import { SESSION_SECRET_FILE, sessionSecretOf } from '../../server/auth/session-secret.js';
import { SESSION_COOKIE } from '../../server/auth/sessions.js';
import { statementsOf } from '../support/statements.js';
import { cookieOf, logIn } from '../support/web-session.js';
import { openWorld, type World } from './support/world.js';

describe('security: sessions', function () {
  this.timeout(60_000);
  let world: World;

  before(async () => {
    world = await openWorld();
  });
  after(() => world?.close());

  /** Where a cookie gets the applicant: 200 on the portal, or 303 to the login page. */
  const portalWith = async (cookie: string) => {
    const res = await fetch(`${world.base}/applicant`, { headers: { cookie }, redirect: 'manual' });
    // The whole answer, as a browser reads it: the session is written before its last byte.
    await res.text();
    return res.status;
  };
  const sidOf = (cookie: string) => /zhuce\.sid=([^;]+)/.exec(cookie)?.[1];

  it('gives every login a new session id, even to a browser that brought one', async () => {
    // given: a session the attacker holds
    const planted = await logIn(world.base, 'zhangwei');
    // when: the victim logs in carrying it
    const login = await fetch(`${world.base}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'zhangwei', password: 'Zhuce@2026' }),
      headers: { cookie: planted.cookie },
      redirect: 'manual',
    });
    // then
    const issued = cookieOf(login);
    assert.equal(login.status, 303);
    assert.ok(sidOf(issued));
    assert.notEqual(sidOf(issued), sidOf(planted.cookie));
    assert.equal(await portalWith(planted.cookie), 303, 'the planted id opens nothing any more');
    assert.equal(await portalWith(issued), 200);
  });

  it('ends the session at logout: the old cookie opens nothing', async () => {
    // given
    const session = await logIn(world.base, 'zhangwei');
    assert.equal(await portalWith(session.cookie), 200);
    // when
    const logout = await session.post('/logout');
    // then
    assert.equal(logout.status, 303);
    assert.equal(await portalWith(session.cookie), 303);
    assert.equal(await world.models.Person.sequelize!.models.sessions.count({ where: { sid: decodeURIComponent(sidOf(session.cookie)!).slice(2).split('.')[0] } }), 0);
  });

  it('reads the session and its account in one statement on each signed-in page', async () => {
    // given
    const session = await logIn(world.base, 'zhangwei');
    // when
    const statements = await statementsOf(world.models.Person.sequelize!, async () => assert.equal(await portalWith(session.cookie), 200));
    // then
    const reads = statements.filter((sql) => /\bFROM [`"]?(sessions|accounts)\b/.test(sql));
    assert.equal(reads.length, 1, reads.join('\n'));
    assert.match(reads[0], /FROM [`"]sessions[`"] s LEFT JOIN [`"]accounts[`"] a/);
  });

  it('reads the account with the session as its model declares it: the scope a reviewer works in', async () => {
    // given a provincial reviewer limited to two professions (a JSON column, parsed by the column's type)
    await world.models.Account.update({ professions: ['engineer', 'architect'] }, { where: { username: 'shengji' } });
    const session = await logIn(world.base, 'shengji');
    try {
      // when
      const page = await session.get('/reviewer', { accept: 'text/html' });
      // then
      assert.equal(page.status, 200);
      assert.match(await page.text(), /省级审查 · 浙江省 · 专业范围：<span class="tag">勘察设计注册工程师<\/span><span class="tag">一级注册建筑师<\/span>/);
    } finally {
      await world.models.Account.update({ professions: null }, { where: { username: 'shengji' } });
    }
  });

  it('refuses cookies it did not issue: forged, unsigned, signed with another secret, or the old {"accountId"} kind', async () => {
    // given
    const admin = await world.models.Account.findOne({ where: { username: 'admin' } });
    const forged = [
      `${SESSION_COOKIE}=s%3Aabc.${'A'.repeat(43)}`,
      `${SESSION_COOKIE}=abc`,
      `${SESSION_COOKIE}=${encodeURIComponent(`s:${'x'.repeat(32)}.invalidsignature`)}`,
      `zhuce=${Buffer.from(JSON.stringify({ accountId: admin!.id })).toString('base64')}; zhuce.sig=forged`,
    ];
    for (const cookie of forged) {
      // when
      const res = await fetch(`${world.base}/admin`, { headers: { cookie }, redirect: 'manual' });
      // then
      assert.equal(res.status, 303, cookie);
      assert.equal(res.headers.get('location'), '/login');
    }
  });

  it('ends a session idle longer than the idle limit', async () => {
    // given
    const session = await logIn(world.base, 'zhangwei');
    world.clock.advance(world.config.sessionIdleMs - 60_000);
    assert.equal(await portalWith(session.cookie), 200, 'used within the limit');
    // when
    world.clock.advance(world.config.sessionIdleMs + 1000);
    // then
    assert.equal(await portalWith(session.cookie), 303);
  });

  it('ends a session at the absolute limit however busy it is', async () => {
    // given
    const session = await logIn(world.base, 'zhangwei');
    const step = world.config.sessionIdleMs / 2;
    // when: used every half idle limit until past the absolute limit
    let used = 0;
    while (used + step < world.config.sessionAbsoluteMs) {
      world.clock.advance(step);
      used += step;
      assert.equal(await portalWith(session.cookie), 200, `still open after ${used / 60_000} minutes`);
    }
    world.clock.advance(step);
    // then
    assert.equal(await portalWith(session.cookie), 303);
  });

  it('ends every session of an account when its password changes or it is deactivated', async () => {
    // given
    const account = (await world.models.Account.findOne({ where: { username: 'lina' } }))!;
    const first = await logIn(world.base, 'lina');
    const second = await logIn(world.base, 'lina');
    // when
    await account.update({ passwordHash: await hashPassword('Another@2026') });
    // then
    assert.equal(await portalWith(first.cookie), 303);
    assert.equal(await portalWith(second.cookie), 303);
    assert.equal(await world.sequelize.models.sessions.count({ where: { accountId: account.id } }), 0);

    // given
    await account.update({ passwordHash: await hashPassword('Zhuce@2026') });
    const third = await logIn(world.base, 'lina');
    assert.equal(third.login.status, 303);
    // when
    await account.update({ active: false });
    // then
    assert.equal(await world.sequelize.models.sessions.count({ where: { accountId: account.id } }), 0);
    assert.equal((await logIn(world.base, 'lina')).login.status, 401, 'a deactivated account cannot log in');
    await account.update({ active: true });
  });

  it('makes a random session secret on first start, keeps it in DATA_DIR, and takes SESSION_SECRET over it', () => {
    // given
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-secret-'));
    // when
    const first = sessionSecretOf({ sessionSecret: null, dataDir });
    const again = sessionSecretOf({ sessionSecret: null, dataDir });
    const elsewhere = sessionSecretOf({ sessionSecret: null, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-secret-')) });
    const configured = sessionSecretOf({ sessionSecret: 's'.repeat(40), dataDir });
    // then
    assert.ok(first.length >= 32);
    assert.equal(again, first);
    assert.notEqual(elsewhere, first);
    assert.equal(configured, 's'.repeat(40));
    assert.equal(fs.statSync(path.join(dataDir, SESSION_SECRET_FILE)).mode & 0o077, 0, 'readable by the owner only');
  });
});
