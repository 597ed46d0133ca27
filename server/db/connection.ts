/** Opens the database named by a URL: a SQLite file (the embedded default) or PostgreSQL. */
import fs from 'node:fs';
import path from 'node:path';
import { Sequelize, Transaction } from 'sequelize';

export function openDatabase(databaseUrl: string, opts: { logging?: boolean } = {}): Sequelize {
  const logging = opts.logging ? console.log : false;
  if (databaseUrl.startsWith('sqlite:')) {
    const storage = databaseUrl.slice('sqlite:'.length) || ':memory:';
    if (storage !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(storage)), { recursive: true });
    const sequelize = new Sequelize({
      dialect: 'sqlite',
      storage,
      logging,
      // One connection: SQLite serialises writers anyway, and a pool of one keeps
      // transactions from tripping over SQLITE_BUSY.
      pool: { max: 1, min: 1, idle: 60_000 },
      retry: { max: 10, match: [/SQLITE_BUSY/] },
      // A deferred transaction that reads first and writes later deadlocks with
      // a concurrent writer (SQLITE_BUSY); taking the write lock up front does not.
      transactionType: Transaction.TYPES.IMMEDIATE,
    });
    return sequelize;
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return new Sequelize(databaseUrl, { dialect: 'postgres', logging, pool: { max: 10, min: 0, idle: 10_000 } });
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl}"`);
}

/** Pragmas that make SQLite a reasonable multi-reader store; no-op elsewhere. */
export async function tuneDatabase(sequelize: Sequelize): Promise<void> {
  if (sequelize.getDialect() !== 'sqlite') return;
  const storage = (sequelize as unknown as { options: { storage?: string } }).options.storage;
  if (storage && storage !== ':memory:') await sequelize.query('PRAGMA journal_mode = WAL');
  await sequelize.query('PRAGMA foreign_keys = ON');
  await sequelize.query('PRAGMA synchronous = NORMAL');
}
