/**
 * Cross-site request forgery, on every POST route of the router table: a
 * logged-in browser tricked into posting from another site (foreign Origin,
 * Sec-Fetch-Site cross-site) or a request without the session's token is
 * refused with 403 and changes nothing. A page's own POST goes through.
 */
import assert from 'node:assert/strict';
import { logIn, type WebSession } from '../support/web-session.js';
import { pathWith, routesOf, type RouteEntry } from './support/routes.js';
import { openWorld, snapshot, type World } from './support/world.js';

/** Who may post to a route, so the refusal is the CSRF check's and not the role check's. */
const POSTER: Array<[RegExp, string]> = [
  [/^\/employer|^\/appeals/, 'qiye'],
  [/^\/reviewer/, 'buji'],
  [/.*/, 'zhangwei'],
];

describe('security: CSRF on every POST route', function () {
  this.timeout(120_000);
  let world: World;
  let posts: RouteEntry[];
  const sessions = new Map<string, WebSession>();

  before(async () => {
    world = await openWorld();
    posts = routesOf(world.app).filter((r) => r.method === 'POST');
    for (const [, username] of POSTER) sessions.set(username, await logIn(world.base, username));
  });
  after(() => world?.close());

  const sessionFor = (route: RouteEntry) => sessions.get(POSTER.find(([pattern]) => pattern.test(route.path))![1])!;
  const body = () => new URLSearchParams({ statement: '伪造', contactName: '伪造', contactPhone: '13900000000', address: '伪造地址', ids: '1', decision: 'return', reason: '伪造', creditCode: '91330000000000000X' });

  it('finds the POST routes in the router table', () => {
    assert.ok(posts.length >= 10, posts.map((r) => r.path).join(' '));
    assert.ok(posts.some((r) => r.path === '/employer/profile'));
  });

  for (const attack of ['foreign Origin', 'Sec-Fetch-Site cross-site', 'no token']) {
    it(`refuses every POST with ${attack} and changes nothing`, async () => {
      // Logging in takes no token (there is no session before it): the origin checks cover it.
      for (const route of posts.filter((r) => attack !== 'no token' || r.path !== '/login')) {
        // given
        const session = sessionFor(route);
        const before = await snapshot(world.models);
        const headers =
          attack === 'foreign Origin'
            ? session.headers({ origin: 'https://evil.example' })
            : attack === 'Sec-Fetch-Site cross-site'
              ? session.headers({ 'sec-fetch-site': 'cross-site' })
              : { cookie: session.cookie, accept: 'application/json' };
        // when
        const res = await fetch(`${world.base}${pathWith(route, { id: 1 })}?matter=initial&profession=engineer`, { method: 'POST', body: body(), headers, redirect: 'manual' });
        // then
        const text = await res.text();
        assert.equal(res.status, 403, `${route.path}: ${text}`);
        assert.match(text, /来源|CSRF/, route.path);
        assert.deepEqual(await snapshot(world.models), before, route.path);
      }
    });
  }

  it('takes the same POST from the page itself, with its token and its own origin', async () => {
    // given
    const session = sessions.get('qiye')!;
    // when
    const res = await session.post('/employer/profile', new URLSearchParams({ contactName: '赵敏', contactPhone: '13905710000', address: '浙江省杭州市西湖区文三路100号' }), {
      origin: world.base,
      'sec-fetch-site': 'same-origin',
    });
    // then
    assert.equal(res.status, 303);
  });

  it('puts the token into every form of the pages and the layout, never before login', async () => {
    // given
    const session = sessions.get('qiye')!;
    // when
    const page = await (await session.get('/employer/filings', { accept: 'text/html' })).text();
    const anonymous = await (await fetch(`${world.base}/login`)).text();
    // then
    const forms = page.match(/<form method="post"[^]*?<\/form>/g) ?? [];
    assert.ok(forms.length >= 2);
    for (const form of forms) assert.ok(form.includes(`name="_csrf" value="${session.csrfToken}"`), form.slice(0, 120));
    assert.ok(page.includes(`<meta name="csrf-token" content="${session.csrfToken}">`));
    assert.ok(!anonymous.includes('csrf-token'));
  });
});
