/**
 * Server-side sessions (express-session) kept in the `sessions` table through
 * connect-session-sequelize, so every app server on one database knows them
 * and logging out, a password change or a deactivation ends them for good.
 * The cookie carries only the signed session id.
 *
 * Expiry is judged on the application's Clock (tests set the date): a session
 * ends after `sessionIdleMs` without a request and `sessionAbsoluteMs` after
 * login, whichever comes first. The cookie's own lifetime is the absolute one.
 */
import type { Request, RequestHandler } from 'express';
import session from 'express-session';
import connectSessionSequelize from 'connect-session-sequelize';
import { DataTypes, QueryTypes, type Sequelize } from 'sequelize';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { Account } from '../db/models/account.js';

declare module 'express-session' {
  interface SessionData {
    accountId: number;
    /** Clock time of login and of the last request, in ms. */
    issuedAt: number;
    seenAt: number;
  }
}

export const SESSION_COOKIE = 'zhuce.sid';
export const SESSION_TABLE = 'sessions';
/** Writing the last-seen time on every request would make each page a write; a minute is fine for an idle limit of minutes. */
const SEEN_GRANULARITY_MS = 60_000;

const SequelizeStore = connectSessionSequelize(session.Store);

function sessionModel(sequelize: Sequelize) {
  return (
    sequelize.models[SESSION_TABLE] ??
    sequelize.define(
      SESSION_TABLE,
      {
        sid: { type: DataTypes.STRING(64), primaryKey: true },
        accountId: DataTypes.INTEGER,
        expires: DataTypes.DATE,
        data: DataTypes.TEXT,
      },
      { tableName: SESSION_TABLE },
    )
  );
}

/** Where a session read from the store carries the account read with it, out of sight of JSON (and so of what is saved). */
const ACCOUNT_READ = Symbol('account read with the session');
/** The session's column in the joined row, named apart from every column of accounts. */
const SESSION_DATA = 'sessionData';

/**
 * Reads a session and its account in one statement (a join) rather than the
 * store's read of the session and then loadAccount's of the account: two
 * round trips to the database on every signed-in page, five on the inbox.
 * The account goes to the request as `sessionAccount`, for loadAccount.
 *
 * The join is written out rather than asked of Sequelize as an include: on
 * the inbox page (bench row 3, --cpu-prof) building that include's query and
 * its nested result took about 6% of the server's time. Sequelize still
 * turns the row into an Account, each column parsed as its model declares.
 */
function readAccountWithSession(store: session.Store, sequelize: Sequelize): void {
  const q = (name: string) => sequelize.getQueryInterface().quoteIdentifier(name);
  const sql = `SELECT a.*, s.${q('data')} AS ${q(SESSION_DATA)} FROM ${q(SESSION_TABLE)} s LEFT JOIN ${q('accounts')} a ON a.${q('id')} = s.${q('accountId')} WHERE s.${q('sid')} = :sid`;
  // tableNames: SQLite's dialect parses each column by the declared type of the table it names (JSON, BOOLEAN, DATE).
  const options = { type: QueryTypes.SELECT, model: Account, mapToModel: true, tableNames: ['accounts'] } as const;
  store.get = (sid, callback) => {
    sequelize.query(sql, { ...options, replacements: { sid } }).then(([row]) => {
      if (!row) return callback(null, null);
      const values = row.dataValues as Record<string, unknown>;
      const data = JSON.parse(values[SESSION_DATA] as string) as session.SessionData;
      delete values[SESSION_DATA];
      Object.defineProperty(data, ACCOUNT_READ, { value: row.id === null ? null : row, enumerable: false });
      callback(null, data);
    }, (err: unknown) => callback(err));
  };
  const createSession = store.createSession.bind(store);
  store.createSession = (req, data) => {
    req.sessionAccount = (data as session.SessionData & { [ACCOUNT_READ]?: Account | null })[ACCOUNT_READ];
    return createSession(req, data);
  };
}

/** Ends every session of an account: on a password change or deactivation, and for an administrator's "log out everywhere". */
export async function endSessionsOf(sequelize: Sequelize, accountId: number): Promise<number> {
  return sessionModel(sequelize).destroy({ where: { accountId } });
}

const END_SESSIONS_HOOK = 'end-sessions-on-credential-change';

/**
 * Any saved change of the password or deactivation of an account ends its
 * sessions. Model.init drops hooks, so the hook is (re)installed when the
 * session middleware is built, after the models were defined.
 */
function endSessionsOnAccountChange(): void {
  Account.removeHook('afterUpdate', END_SESSIONS_HOOK);
  Account.addHook('afterUpdate', END_SESSIONS_HOOK, async (account: Account) => {
    const changed = account.changed();
    const credentialsChanged = Array.isArray(changed) && (changed.includes('passwordHash') || (changed.includes('active') && !account.active));
    if (credentialsChanged) await endSessionsOf(account.sequelize, account.id);
  });
}

export function sessionMiddleware(deps: { sequelize: Sequelize; secret: string; config: Config; clock: Clock }): RequestHandler[] {
  const { sequelize, secret, config, clock } = deps;
  // Defined before the store, which takes the model of its table from the connection when there is one.
  sessionModel(sequelize);
  endSessionsOnAccountChange();
  const store = new SequelizeStore({
    db: sequelize,
    table: SESSION_TABLE,
    extendDefaultFields: (defaults, data: session.SessionData) => ({ ...defaults, accountId: data.accountId ?? null }),
    checkExpirationInterval: 15 * 60_000,
  });
  readAccountWithSession(store, sequelize);
  // express-session "touches" an unchanged session on every request, an UPDATE per page view. The row is saved
  // anyway whenever seenAt moves (once a minute at most, below), which keeps its expiry within a minute of the
  // truth, and the limits that matter are checked against issuedAt and seenAt, not the row's expiry.
  store.touch = (_sid: string, _data: session.SessionData, callback?: (err?: unknown) => void) => callback?.();
  const sessions = session({
    name: SESSION_COOKIE,
    secret,
    store,
    resave: false,
    // No row for anonymous visitors: a session starts at login.
    saveUninitialized: false,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.production, maxAge: config.sessionAbsoluteMs },
  });
  const expiry: RequestHandler = (req, _res, next) => {
    const data = req.session;
    if (!data?.accountId) return next();
    const now = clock.now().getTime();
    // A session without its times (written by an older version) counts as expired.
    const issuedAt = data.issuedAt ?? 0;
    const seenAt = data.seenAt ?? 0;
    if (now - issuedAt > config.sessionAbsoluteMs || now - seenAt > config.sessionIdleMs) {
      data.destroy((err) => next(err));
      return;
    }
    if (now - seenAt >= SEEN_GRANULARITY_MS) data.seenAt = now;
    next();
  };
  return [sessions, expiry, saveBeforeRedirect];
}

/**
 * express-session saves a changed session while the response ends, after it
 * has already sent the headers: a browser follows a 303 on its headers and
 * can ask for the next page before the save lands, which then renders
 * without the flash message the redirecting request kept (seen under load in
 * the monitor's 重试). A redirect therefore waits for the session's save.
 */
export const saveBeforeRedirect: RequestHandler = (req, res, next) => {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = ((...args: unknown[]) => {
    if (!req.session) return redirect(...args);
    req.session.save((err) => (err ? next(err) : redirect(...args)));
  }) as typeof res.redirect;
  next();
};

/** Login: a new session id (no fixation), bound to the account. */
export function startSession(req: Request, accountId: number, clock: Clock): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => {
      if (err) return reject(err);
      const now = clock.now().getTime();
      Object.assign(req.session, { accountId, issuedAt: now, seenAt: now });
      req.session.save((saveErr) => (saveErr ? reject(saveErr) : resolve()));
    });
  });
}

/** Logout: the session row is gone, so the old cookie opens nothing. */
export function endSession(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!req.session) return resolve();
    req.session.destroy((err) => (err ? reject(err) : resolve()));
  });
}
