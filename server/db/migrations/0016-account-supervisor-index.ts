/**
 * Every inbox page asks whether the reviewer supervises anyone (accounts
 * whose supervisorId is theirs, InboxActions.besideTasks), and 指派 lists
 * them. Applicants and employers have accounts too, so without an index each
 * inbox page read the whole accounts table.
 */
import type { QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.addIndex('accounts', ['supervisorId'], { name: 'accounts_supervisor' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.removeIndex('accounts', 'accounts_supervisor');
}
