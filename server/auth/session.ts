/**
 * Who is asking: the server-side session names the account (see sessions.ts);
 * every request loads the account afresh (with the session, in one
 * statement) so a deactivated account loses access at once.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Account, type Role } from '../db/models/account.js';
import { forbidden, unauthenticated } from '../http/errors.js';

declare module 'express-serve-static-core' {
  interface Request {
    account?: Account;
    /** The account the session store read in the same statement as the session (sessions.ts); undefined when it read none. */
    sessionAccount?: Account | null;
  }
}

export const loadAccount: RequestHandler = async (req, _res, next) => {
  const accountId = req.session?.accountId;
  if (accountId) {
    const read = req.sessionAccount;
    const account = read && read.id === accountId ? read : await Account.findByPk(accountId);
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
