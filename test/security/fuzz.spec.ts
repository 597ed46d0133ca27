/**
 * Malformed requests over every route of the router table, as a careless
 * client or an attacker sends them: ids that are not ids, bodies that are
 * not objects, broken JSON, too large, too many fields, unknown charsets and
 * encodings, odd multipart field names (constructor, __proto__), queries
 * with arrays and prototype keys — anonymous and as every role, with the
 * session's CSRF token so they reach the handlers. Fixed seed, a fixed
 * number of requests, each with its own time limit: no answer may be a 5xx,
 * and the server answers afterwards.
 */
import assert from 'node:assert/strict';
import { logIn, type WebSession } from '../support/web-session.js';
import { pathWith, routesOf, type RouteEntry } from './support/routes.js';
import { openWorld, type World } from './support/world.js';

const SEED = 20261204;
const REQUESTS = 2400;
const PARALLEL = 8;
const USERS = ['zhangwei', 'qiye', 'shengji', 'buji', 'fenxi', 'admin'];

/** mulberry32: a small PRNG, so every run sends the same requests. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const BAD_IDS = ['abc', '-1', '0', '1.5', '1e3', '99999999999', '2147483648', '%00', '..%2F..', '%20', 'NaN', 'constructor', '__proto__', '１'];
const BAD_QUERIES = ['', '?matter=', '?matter[]=initial&matter[]=x', '?profession=__proto__&matter=constructor', '?matter=initial&profession=engineer', '?purpose=employer-report', `?matter=${'x'.repeat(3000)}`, '?notice=%E0%A4%A', '?username=<script>'];
const ODD_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'prototype', 'ids', 'decision', 'field', 'statement', 'username', 'password', 'personalCommitment', 'filingKey', 'reason'];
const ODD_VALUES: unknown[] = [null, 0, -1, 1e308, true, '', ' ', 'x'.repeat(5000), [], [1, 2], {}, { __proto__: { admin: true } }, '<script>alert(1)</script>', '\u0000', 'decline', 'report', 'return'];

interface Attempt {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string | Uint8Array<ArrayBuffer> | FormData;
}

function attempts(routes: RouteEntry[], sessions: Array<WebSession | null>, rnd: () => number): Attempt[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const oddObject = () => Object.fromEntries(Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => [pick(ODD_KEYS), pick(ODD_VALUES)]));
  const bodies: Array<() => Pick<Attempt, 'body' | 'headers'>> = [
    () => ({ body: pick(['null', '1', '"text"', 'true', '[]', '[1,2]']), headers: { 'content-type': 'application/json' } }),
    () => ({ body: pick(['{', '{"a":', '{"a":1,}', "{'a':1}", '\u0000']), headers: { 'content-type': 'application/json' } }),
    () => ({ body: JSON.stringify(oddObject()), headers: { 'content-type': 'application/json' } }),
    () => ({ body: '{"__proto__":{"role":"admin"},"constructor":{"prototype":{"x":1}}}', headers: { 'content-type': 'application/json' } }),
    () => ({ body: new URLSearchParams(Object.entries(oddObject()).map(([k, v]) => [k, String(v)])).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    () => ({ body: Array.from({ length: 1500 }, (_, i) => `f${i}=1`).join('&'), headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    () => ({ body: 'a[b][c]=1&ids[]=1&ids[]=x&%E0%A4%A=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
    () => ({ body: '{"a":1}', headers: { 'content-type': pick(['application/json; charset=latin9', 'application/x-www-form-urlencoded; charset=utf-7', 'text/plain; charset=koi8-r']) } }),
    () => ({ body: 'not compressed', headers: { 'content-type': 'application/json', 'content-encoding': pick(['gzip', 'deflate', 'br', 'compress', 'x-unknown']) } }),
    () => ({ body: new Uint8Array(1024 * 1024 + 10).fill(0x61), headers: { 'content-type': pick(['application/json', 'application/x-www-form-urlencoded']) } }),
    () => ({ body: 'garbage', headers: { 'content-type': 'multipart/form-data' } }),
    () => ({ body: '--b\r\nContent-Disposition: form-data; name="field"\r\n\r\nphoto\r\n--b--', headers: { 'content-type': 'multipart/form-data; boundary=b' } }),
    () => {
      const form = new FormData();
      form.append(pick(ODD_KEYS), 'x');
      form.append('field', pick(ODD_KEYS));
      form.append(pick(['file', 'file', 'other', '__proto__']), new Blob([pick([Buffer.from('%PDF-1.4'), Buffer.from([0xff, 0xd8, 0xff, 0]), Buffer.alloc(0)])]), pick(['a.pdf', 'a.constructor', 'a.__proto__', '..\\..\\a.png', '']));
      if (rnd() < 0.2) form.append('file', new Blob([Buffer.from('%PDF-1.4')]), 'second.pdf');
      return { body: form, headers: {} };
    },
    () => ({ body: undefined, headers: {} }),
  ];
  const list: Attempt[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const route = pick(routes);
    const session = pick(sessions);
    const path = pathWith(route, { id: rnd() < 0.7 ? pick(BAD_IDS) : String(1 + Math.floor(rnd() * 5)), code: pick(['abc', 'ABCDEF0123456789ABCD', '%00']) }) + pick(BAD_QUERIES);
    const auth: Record<string, string> = session ? { cookie: session.cookie, ...(rnd() < 0.9 ? { 'x-csrf-token': session.csrfToken } : {}) } : {};
    const accept = { accept: pick(['application/json', 'text/html', '*/*', 'image/png']) };
    if (route.method === 'GET') {
      list.push({ method: 'GET', path, headers: { ...auth, ...accept } });
    } else {
      const { body, headers } = pick(bodies)();
      list.push({ method: 'POST', path, headers: { ...auth, ...accept, ...headers }, body });
    }
  }
  return list;
}

describe('security: fuzzing every route with malformed requests', function () {
  this.timeout(300_000);
  let world: World;

  before(async () => {
    world = await openWorld({ LOGIN_MAX_FAILURES: '1000' });
  });
  after(() => world?.close());

  it(`answers ${REQUESTS} malformed requests without a single 5xx, and keeps answering`, async () => {
    // given
    const routes = routesOf(world.app);
    const sessions: Array<WebSession | null> = [null];
    for (const username of USERS) sessions.push(await logIn(world.base, username));
    const queue = attempts(routes, sessions, random(SEED));
    const failures: string[] = [];
    let sent = 0;
    // when
    await Promise.all(
      Array.from({ length: PARALLEL }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const res = await fetch(`${world.base}${next.path}`, {
            method: next.method,
            headers: next.headers,
            body: next.body,
            redirect: 'manual',
            signal: AbortSignal.timeout(15_000),
          });
          const text = await res.text();
          sent++;
          if (res.status >= 500) failures.push(`${res.status} ${next.method} ${next.path.slice(0, 80)} ${JSON.stringify(next.headers['content-type'] ?? '')}: ${text.slice(0, 160)}`);
        }
      }),
    );
    // then
    assert.equal(sent, REQUESTS);
    assert.deepEqual(failures.slice(0, 20), [], `${failures.length} answers were 5xx`);
    const health = await fetch(`${world.base}/healthz`);
    assert.equal(health.status, 200);
    assert.equal((await logIn(world.base, 'zhangwei')).login.status, 303, 'logging in still works');
  });
});
