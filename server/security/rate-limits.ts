/**
 * Throttling counters in the database (rate-limiter-flexible), so a limit
 * holds across app servers sharing one PostgreSQL. PostgreSQL is reached
 * through Sequelize's pool; SQLite through a connection of the limiter's own
 * to the same file (with a busy timeout), because the application's single
 * connection may be inside another request's transaction, which a counter
 * must not join. An in-memory SQLite database has no file to share: its
 * counters stay in memory, as that database does.
 */
import type { Sequelize } from 'sequelize';
import sqlite3 from 'sqlite3';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterSQLite, type RateLimiterAbstract } from 'rate-limiter-flexible';

export const RATE_LIMIT_TABLE = 'rate_limits';

export interface LimitOptions {
  /** What is counted, e.g. login-account. */
  keyPrefix: string;
  points: number;
  /** Seconds the points are counted over. */
  duration: number;
}

const sqliteConnections = new WeakMap<Sequelize, sqlite3.Database>();

function sqliteConnection(sequelize: Sequelize, storage: string): sqlite3.Database {
  let db = sqliteConnections.get(sequelize);
  if (!db) {
    db = new sqlite3.Database(storage);
    db.configure('busyTimeout', 10_000);
    sqliteConnections.set(sequelize, db);
  }
  return db;
}

export function createRateLimiter(sequelize: Sequelize, options: LimitOptions): RateLimiterAbstract {
  const common = { ...options, tableName: RATE_LIMIT_TABLE, tableCreated: true };
  if (sequelize.getDialect() === 'postgres') return new RateLimiterPostgres({ ...common, storeClient: sequelize, storeType: 'sequelize' });
  const storage = (sequelize as unknown as { options: { storage?: string } }).options.storage;
  if (!storage || storage === ':memory:') return new RateLimiterMemory(options);
  return new RateLimiterSQLite({ ...common, storeClient: sqliteConnection(sequelize, storage), storeType: 'sqlite3' });
}

/** Milliseconds until the key may try again, or 0 while it has points left. */
export async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const used = await limiter.get(key);
  return used && used.consumedPoints >= limiter.points ? Math.max(used.msBeforeNext, 1000) : 0;
}

/** Counts one use; the limiter's refusal of the use past the limit is the caller's to judge with blockedFor. */
export async function count(limiter: RateLimiterAbstract, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (err) {
    if (err instanceof Error) throw err;
  }
}

/** Whole minutes for a message: never "0 分钟". */
export const minutesOf = (ms: number) => Math.max(1, Math.ceil(ms / 60_000));
