/**
 * A logged-in browser as the HTTP tests see it: the session cookie and the
 * CSRF token the layout puts in its meta tag, sent with every POST as a
 * browser page would.
 */
import { DEMO_PASSWORD } from '../../server/seed/demo-accounts.js';

export const cookieOf = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

export const csrfTokenIn = (html: string) => /<meta name="csrf-token" content="([^"]+)">/.exec(html)?.[1];

export interface WebSession {
  /** The login's answer (303 to the portal, or the refusal). */
  login: Response;
  cookie: string;
  csrfToken: string;
  /** Headers of a same-origin request of this session; `accept` JSON unless told otherwise. */
  headers(extra?: Record<string, string>): Record<string, string>;
  post(path: string, body?: URLSearchParams | Record<string, unknown>, extra?: Record<string, string>): Promise<Response>;
  get(path: string, extra?: Record<string, string>): Promise<Response>;
}

export async function logIn(base: string, username: string, password = DEMO_PASSWORD): Promise<WebSession> {
  const login = await fetch(`${base}/login`, { method: 'POST', body: new URLSearchParams({ username, password }), redirect: 'manual' });
  const cookie = cookieOf(login);
  const page = cookie ? await (await fetch(`${base}/`, { headers: { cookie } })).text() : '';
  const csrfToken = csrfTokenIn(page) ?? '';
  const headers = (extra: Record<string, string> = {}) => ({ cookie, accept: 'application/json', 'x-csrf-token': csrfToken, ...extra });
  return {
    login,
    cookie,
    csrfToken,
    headers,
    post: (path, body = new URLSearchParams(), extra) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        body: body instanceof URLSearchParams ? body : JSON.stringify(body),
        headers: headers(body instanceof URLSearchParams ? extra : { 'content-type': 'application/json', ...extra }),
        redirect: 'manual',
      }),
    get: (path, extra) => fetch(`${base}${path}`, { headers: headers(extra), redirect: 'manual' }),
  };
}
