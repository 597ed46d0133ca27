/**
 * The SQL statements a piece of work sends, read from Sequelize's logging
 * hook (which its types do not expose), without the "Executing (…):" prefix.
 */
import type { Sequelize } from 'sequelize';

export async function statementsOf(sequelize: Sequelize, work: () => Promise<unknown>): Promise<string[]> {
  const sqls: string[] = [];
  const options = (sequelize as unknown as { options: { logging?: unknown } }).options;
  const before = options.logging;
  options.logging = (sql: string) => void sqls.push(sql.replace(/^Executing \([^)]*\): /, ''));
  try {
    await work();
  } finally {
    options.logging = before;
  }
  return sqls;
}
