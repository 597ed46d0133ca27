/**
 * The transaction an effect worker writes in. On SQLite it takes the write
 * lock when it begins (BEGIN IMMEDIATE): two jobs that read and then write
 * would otherwise each hold a read lock the other's write waits for, and one
 * would fail with SQLITE_BUSY; this way the second waits its turn. PostgreSQL
 * ignores the type; there the rows the workers lock do the queueing.
 */
import { Transaction } from 'sequelize';
import type { WorkerDeps } from '../worker.js';

export function writing<T>(deps: WorkerDeps, work: (transaction: Transaction) => Promise<T>): Promise<T> {
  return deps.sequelize.transaction({ type: Transaction.TYPES.IMMEDIATE }, work);
}
