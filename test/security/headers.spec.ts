/**
 * Every page of the router table, anonymous and logged in, answers with the
 * security headers and a strict CSP, and no page has a script the CSP would
 * block: no inline <script> (only data blocks of type application/json or
 * xml) and no inline event handlers.
 */
import assert from 'node:assert/strict';
import { logIn, type WebSession } from '../support/web-session.js';
import { pathWith, routesOf } from './support/routes.js';
import { openWorld, type World } from './support/world.js';

const USERS = ['zhangwei', 'qiye', 'shengji', 'buji', 'fenxi', 'admin'];

describe('security: headers and CSP on every page', function () {
  this.timeout(120_000);
  let world: World;
  let pages: string[];
  const sessions: WebSession[] = [];

  before(async () => {
    world = await openWorld();
    const document = await world.models.Document.findOne();
    const application = await world.models.Application.findOne();
    const ids = { id: application?.id ?? 1, code: 'ABCDEF0123456789ABCD' };
    pages = routesOf(world.app)
      .filter((r) => r.method === 'GET')
      .map((r) => pathWith(r, r.path.startsWith('/documents') ? { ...ids, id: document?.id ?? 1 } : ids) + (r.path === '/apply' ? '?profession=engineer&matter=initial' : ''));
    for (const username of USERS) sessions.push(await logIn(world.base, username));
  });
  after(() => world?.close());

  it('sends CSP, frame, content-type, referrer and HSTS headers on every page for everyone', async () => {
    for (const cookie of ['', ...sessions.map((s) => s.cookie)]) {
      for (const page of [...pages, '/no-such-page', '/static/styles.css']) {
        // when
        const res = await fetch(`${world.base}${page}`, { headers: { cookie }, redirect: 'manual' });
        await res.arrayBuffer();
        // then
        const csp = res.headers.get('content-security-policy') ?? '';
        const scriptSrc = /script-src ([^;]*)/.exec(csp)?.[1] ?? '';
        assert.equal(scriptSrc.trim(), "'self'", `${page}: ${csp}`);
        assert.match(csp, /default-src 'self'/);
        assert.match(csp, /object-src 'none'/);
        assert.match(csp, /frame-ancestors 'none'/);
        assert.equal(res.headers.get('x-frame-options'), 'DENY', page);
        assert.equal(res.headers.get('x-content-type-options'), 'nosniff', page);
        assert.equal(res.headers.get('referrer-policy'), 'same-origin', page);
        assert.match(res.headers.get('strict-transport-security') ?? '', /max-age=\d+/, page);
        assert.equal(res.headers.get('x-powered-by'), null);
      }
    }
  });

  it('serves no page with an inline script or inline event handler', async () => {
    for (const session of sessions) {
      for (const page of pages) {
        // when
        const res = await session.get(page, { accept: 'text/html' });
        const html = await res.text();
        // then
        for (const tag of html.match(/<script\b[^>]*>/g) ?? []) {
          assert.ok(/\bsrc="\/static\//.test(tag) || /type="application\/(json|xml)"/.test(tag), `${page}: ${tag}`);
        }
        assert.doesNotMatch(html, /<[^>]+\son[a-z]+\s*=/i, page);
      }
    }
  });
});
