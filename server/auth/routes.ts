import { Router } from 'express';
import { Account } from '../db/models/account.js';
import { HttpError } from '../http/errors.js';
import type { ViewRenderer } from '../http/views.js';
import { verifyPassword } from './passwords.js';
import { sessionOf } from './session.js';

export const PORTAL_OF: Record<string, string> = {
  applicant: '/applicant',
  employer: '/employer',
  provincial_reviewer: '/reviewer',
  ministry_reviewer: '/reviewer',
  analyst: '/analyst',
  admin: '/admin',
};

export function authRoutes(views: ViewRenderer): Router {
  const router = Router();

  router.get('/login', (req, res) => {
    res.send(views.render('login', { title: '登录', username: req.query.username ?? '' }));
  });

  router.post('/login', async (req, res) => {
    const username = String(req.body?.username ?? '').trim();
    const password = String(req.body?.password ?? '');
    if (!username) throw new HttpError(422, '用户名不能为空', '用户名');
    if (!password) throw new HttpError(422, '密码不能为空', '密码');
    const account = await Account.findOne({ where: { username } });
    if (!account || !account.active || !(await verifyPassword(password, account.passwordHash))) {
      res.status(401).send(views.render('login', { title: '登录', username, error: '用户名或密码错误' }));
      return;
    }
    sessionOf(req).accountId = account.id;
    res.redirect(303, PORTAL_OF[account.role]);
  });

  router.post('/logout', (req, res) => {
    (req as unknown as { session: unknown }).session = null;
    res.redirect(303, '/');
  });

  return router;
}
