/** Opens the database named by a URL: a SQLite file (the embedded default) or PostgreSQL. */
import { AsyncLocalStorage } from 'node:async_hooks';
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
    queueTransactions(sequelize);
    return sequelize;
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return new Sequelize(databaseUrl, { dialect: 'postgres', logging, pool: { max: 10, min: 0, idle: 10_000 } });
  }
  throw new Error(`DATABASE_URL must start with sqlite: or postgres://, got "${databaseUrl}"`);
}

/**
 * Sequelize gives each SQLite transaction a connection of its own (the pool
 * is bypassed), so concurrent transactions race for the file's write lock:
 * the losers get SQLITE_BUSY at BEGIN IMMEDIATE and sleep in the retry's
 * back-off while the lock may long be free. Bench row 1 measured 8
 * concurrent cases taking 3.4 s each against 0.9 s one at a time, the
 * process idle 80% of the time. One writer at a time is all SQLite allows,
 * so transactions wait their turn in this process instead, in order.
 * A transaction begun inside another (without passing it) keeps the old
 * behaviour: queueing it behind its own parent would never end.
 */
function queueTransactions(sequelize: Sequelize): void {
  const begin = sequelize.transaction.bind(sequelize) as (...args: unknown[]) => Promise<unknown>;
  const inside = new AsyncLocalStorage<true>();
  let last: Promise<unknown> = Promise.resolve();
  (sequelize as unknown as { transaction: (...args: unknown[]) => Promise<unknown> }).transaction = (...args: unknown[]) => {
    const managed = args.some((a) => typeof a === 'function');
    if (!managed || inside.getStore()) return begin(...args);
    const turn = last.then(() => inside.run(true, () => begin(...args)));
    last = turn.catch(() => undefined);
    return turn;
  };
}

/** Pragmas that make SQLite a reasonable multi-reader store; no-op elsewhere. */
export async function tuneDatabase(sequelize: Sequelize): Promise<void> {
  if (sequelize.getDialect() !== 'sqlite') return;
  const storage = (sequelize as unknown as { options: { storage?: string } }).options.storage;
  if (storage && storage !== ':memory:') await sequelize.query('PRAGMA journal_mode = WAL');
  await sequelize.query('PRAGMA foreign_keys = ON');
  await sequelize.query('PRAGMA synchronous = NORMAL');
}
