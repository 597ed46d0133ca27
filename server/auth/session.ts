/**
 * Who is asking: the server-side session names the account (see sessions.ts);
 * every request loads the account afresh so a deactivated account loses
 * access at once.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Account, type Role } from '../db/models/account.js';
import { forbidden, unauthenticated } from '../http/errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    account?: Account;
  }
}

export const loadAccount: RequestHandler = async (req, _res, next) => {
  const accountId = req.session?.accountId;
  if (accountId) {
    const account = await Account.findByPk(accountId);
    if (account?.active) req.account = account;
  }
  next();
};

export function requireRole(...roles: Role[]): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.account) return next(unauthenticated());
    if (!roles.includes(req.account.role)) return next(forbidden());
    next();
  };
}
