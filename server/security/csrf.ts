/**
 * Cross-site request forgery, refused twice over on every state-changing
 * request:
 *
 * - where the request came from: a browser's `Sec-Fetch-Site` must say
 *   same-origin and its `Origin` must be this server (the Host it was sent
 *   to, or PUBLIC_URL behind a proxy). Clients that send neither (curl, the
 *   tests) are judged by the token alone.
 * - a synchroniser token (csrf-sync) kept in the session: forms carry it as
 *   `_csrf`, the browser bundles' fetch calls as `x-csrf-token` (the layout
 *   puts it in a meta tag). Before login there is no session to keep it in;
 *   an anonymous request changes nothing, and the login itself (which a
 *   logged-in browser may post too) is left to the origin check.
 */
import type { Request, RequestHandler } from 'express';
import { csrfSync } from 'csrf-sync';
import { HttpError } from '../http/errors.js';

export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const foreignOrigin = () => new HttpError(403, '请求来源不被允许：请从本系统的页面提交');
const staleToken = () => new HttpError(403, '页面已过期或缺少安全校验码（CSRF），请刷新页面后重新提交');

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}

export function sameOriginOnly(publicUrl: string): RequestHandler {
  const publicOrigin = originOf(publicUrl);
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const site = req.get('sec-fetch-site');
    if (site !== undefined && site !== 'same-origin' && site !== 'none') return next(foreignOrigin());
    const origin = req.get('origin');
    if (origin === undefined) return next();
    const host = req.get('host');
    const ok = origin === publicOrigin || (host !== undefined && originOf(origin) !== null && new URL(origin).host === host);
    next(ok ? undefined : foreignOrigin());
  };
}

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  size: 32,
  getTokenFromRequest: (req) => {
    const header = req.get(CSRF_HEADER);
    if (header) return header;
    const body = req.body as Record<string, unknown> | undefined;
    return typeof body?.[CSRF_FIELD] === 'string' ? (body[CSRF_FIELD] as string) : undefined;
  },
  // Logging in needs no earlier page of ours (and so no token); where the form was posted from is the origin check's to judge.
  skipCsrfProtection: (req) => !req.session?.accountId || (req.method === 'POST' && req.path === '/login'),
});

/** Checks the token of a logged-in session's state-changing request; the token field never reaches a handler. */
export const csrfToken: RequestHandler = (req, res, next) => {
  csrfSynchronisedProtection(req, res, (err?: unknown) => {
    if (err) return next(staleToken());
    if (req.body && typeof req.body === 'object' && CSRF_FIELD in req.body) delete (req.body as Record<string, unknown>)[CSRF_FIELD];
    next();
  });
};

/** The session's token for the page being rendered; none before login. */
export const pageToken = (req: Request): string | undefined => (req.session?.accountId ? generateToken(req) : undefined);
