/**
 * What security keeps in the database, so that it holds across app servers
 * sharing one PostgreSQL: the server-side sessions (express-session through
 * connect-session-sequelize, with the account each belongs to so all of an
 * account's sessions can be ended at once), the throttling counters of
 * rate-limiter-flexible (its own table layout), and the filing keys that make
 * a filing, an employer batch or an announcement happen once per form
 * opening.
 */
import { DataTypes, type QueryInterface } from 'sequelize';

export async function up({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.createTable('sessions', {
    sid: { type: DataTypes.STRING(64), primaryKey: true, allowNull: false },
    accountId: { type: DataTypes.INTEGER, allowNull: true, references: { model: 'accounts', key: 'id' }, onDelete: 'CASCADE' },
    expires: { type: DataTypes.DATE, allowNull: true },
    data: { type: DataTypes.TEXT, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
    updatedAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('sessions', ['accountId'], { name: 'sessions_account' });
  await qi.addIndex('sessions', ['expires'], { name: 'sessions_expires' });

  // rate-limiter-flexible's layout (RateLimiterSQLite / RateLimiterPostgres): key, points, expire in epoch ms.
  await qi.createTable('rate_limits', {
    key: { type: DataTypes.STRING(255), primaryKey: true, allowNull: false },
    points: { type: DataTypes.INTEGER, allowNull: false, defaultValue: 0 },
    expire: { type: DataTypes.BIGINT, allowNull: true },
  });

  await qi.createTable('filing_keys', {
    id: { type: DataTypes.INTEGER, primaryKey: true, autoIncrement: true, allowNull: false },
    // start / employer-decide / announcement
    scope: { type: DataTypes.STRING(32), allowNull: false },
    // The form opening: a commitment reading's id, or the key a page carried.
    key: { type: DataTypes.STRING(64), allowNull: false },
    accountId: { type: DataTypes.INTEGER, allowNull: false, references: { model: 'accounts', key: 'id' }, onDelete: 'CASCADE' },
    // What the first request produced, for a repeated one to return.
    result: { type: DataTypes.JSON, allowNull: true },
    createdAt: { type: DataTypes.DATE, allowNull: false },
    updatedAt: { type: DataTypes.DATE, allowNull: false },
  });
  await qi.addIndex('filing_keys', ['scope', 'accountId', 'key'], { unique: true, name: 'filing_keys_unique' });
}

export async function down({ context: qi }: { context: QueryInterface }): Promise<void> {
  await qi.dropTable('filing_keys');
  await qi.dropTable('rate_limits');
  await qi.dropTable('sessions');
}
