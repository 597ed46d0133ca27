import { Router } from 'express';
import type { Clock } from '../clock.js';
import { Account } from '../db/models/account.js';
import { AuditEntry } from '../db/models/audit-entry.js';
import { HttpError } from '../http/errors.js';
import type { ViewRenderer } from '../http/views.js';
import type { LoginThrottle } from './login-throttle.js';
import { verifyPassword, verifyNothing } from './passwords.js';
import { endSession, SESSION_COOKIE, startSession } from './sessions.js';

export const PORTAL_OF: Record<string, string> = {
  applicant: '/applicant',
  employer: '/employer',
  provincial_reviewer: '/reviewer',
  ministry_reviewer: '/reviewer',
  analyst: '/analyst',
  admin: '/admin',
};

const USERNAME_MAX = 64;
const PASSWORD_MAX = 128;

export function authRoutes(views: ViewRenderer, deps: { throttle: LoginThrottle; clock: Clock }): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    res.send(views.render(req, 'login', { title: '登录', username: typeof req.query.username === 'string' ? req.query.username : '' }));
  });

  router.post('/login', async (req, res) => {
    const username = String(req.body?.username ?? '').trim();
    const password = String(req.body?.password ?? '');
    if (!username) throw new HttpError(422, '用户名不能为空', '用户名');
    if (!password) throw new HttpError(422, '密码不能为空', '密码');
    if (username.length > USERNAME_MAX) throw new HttpError(422, `用户名不能超过${USERNAME_MAX}个字符`, '用户名');
    if (password.length > PASSWORD_MAX) throw new HttpError(422, `密码不能超过${PASSWORD_MAX}个字符`, '密码');
    const address = req.ip ?? 'unknown';
    await deps.throttle.check(username, address);
    const account = await Account.findOne({ where: { username } });
    // An unknown username costs one bcrypt comparison too, so the answer's timing does not tell which usernames exist.
    const valid = account ? await verifyPassword(password, account.passwordHash) : await verifyNothing(password);
    if (!account || !account.active || !valid) {
      await deps.throttle.failed(username, address);
      await AuditEntry.create({
        at: deps.clock.now(),
        actorAccountId: null,
        actorName: null,
        action: 'login-failed',
        entityType: 'account',
        entityId: account ? String(account.id) : '-',
        detail: { username: username.slice(0, USERNAME_MAX), address },
        dedupeKey: null,
      });
      res.status(401).send(views.render(req, 'login', { title: '登录', username, error: '用户名或密码错误' }));
      return;
    }
    await deps.throttle.succeeded(username);
    await startSession(req, account.id, deps.clock);
    res.redirect(303, PORTAL_OF[account.role]);
  });

  router.post('/logout', async (req, res) => {
    await endSession(req);
    res.clearCookie(SESSION_COOKIE);
    res.redirect(303, '/');
  });

  return router;
}
