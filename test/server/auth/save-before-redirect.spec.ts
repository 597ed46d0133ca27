import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import session from 'express-session';
import { saveBeforeRedirect } from '../../../server/auth/sessions.js';
import { flash, takeFlash } from '../../../server/http/flash.js';

/** A store whose writes land late, as a busy database's do. */
class SlowStore extends session.MemoryStore {
  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    setTimeout(() => super.set(sid, data, callback), 200);
  }
}

/** Sends a request and resolves on the response's headers, before its body (a browser follows a redirect there). */
function headersOf(port: number, method: string, path: string, cookie?: string): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = http.request({ port, method, path, headers: cookie ? { cookie } : {} }, resolve);
    req.on('error', reject);
    req.end();
  });
}

async function bodyOf(res: http.IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of res) text += chunk;
  return text;
}

describe('saving the session before a redirect', () => {
  let server: http.Server;
  let port: number;

  before(() => {
    const app = express();
    app.use(session({ secret: 'test', store: new SlowStore(), resave: false, saveUninitialized: false }));
    app.use(saveBeforeRedirect);
    app.post('/login', (req, res) => {
      req.session.seenAt = 1;
      req.session.save(() => res.end());
    });
    app.post('/act', (req, res) => {
      flash(req, '已重试');
      res.redirect(303, '/page');
    });
    app.get('/page', (req, res) => {
      res.json(takeFlash(req));
    });
    server = app.listen(0);
    port = (server.address() as AddressInfo).port;
  });

  after(() => server.close());

  it('keeps the flash message of a redirecting request for the page the browser asks for on the redirect headers', async () => {
    // given a session
    const login = await headersOf(port, 'POST', '/login');
    await bodyOf(login);
    const cookie = login.headers['set-cookie']![0]!.split(';')[0]!;
    // when a request keeps a message and redirects, and the next page is asked for as soon as the headers arrive
    const redirect = await headersOf(port, 'POST', '/act', cookie);
    const next = await headersOf(port, 'GET', '/page', cookie);
    // then that page has the message
    assert.equal(redirect.statusCode, 303);
    assert.deepEqual(JSON.parse(await bodyOf(next)), ['已重试']);
    await bodyOf(redirect);
  });
});
