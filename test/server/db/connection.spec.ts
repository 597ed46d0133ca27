/**
 * SQLite transactions take turns in the process (server/db/connection.ts):
 * Sequelize opens a connection per transaction, and racing them for the
 * file's write lock left the losers sleeping in SQLITE_BUSY back-off.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import { openDatabase, tuneDatabase } from '../../../server/db/connection.js';

describe('the SQLite database connection', () => {
  let dir: string;
  let sequelize: Sequelize;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-connection-'));
    sequelize = openDatabase(`sqlite:${path.join(dir, 'test.sqlite')}`);
    await tuneDatabase(sequelize);
    await sequelize.query('CREATE TABLE counter (n INTEGER NOT NULL)');
    await sequelize.query('INSERT INTO counter (n) VALUES (0)');
  });

  afterEach(async () => {
    await sequelize.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs concurrent transactions one after another, none of them retried after SQLITE_BUSY, no update lost', async () => {
    // given: each BEGIN sent is logged, a retried one again
    let begins = 0;
    (sequelize as unknown as { options: { logging: (sql: string) => void } }).options.logging = (sql) => {
      if (/BEGIN/.test(sql)) begins += 1;
    };
    const increment = () =>
      sequelize.transaction(async (transaction) => {
        const [{ n }] = await sequelize.query<{ n: number }>('SELECT n FROM counter', { type: QueryTypes.SELECT, transaction });
        await new Promise((resolve) => setTimeout(resolve, 5));
        await sequelize.query('UPDATE counter SET n = ?', { replacements: [n + 1], transaction });
      });
    // when
    await Promise.all(Array.from({ length: 12 }, increment));
    // then
    const [{ n }] = await sequelize.query<{ n: number }>('SELECT n FROM counter', { type: QueryTypes.SELECT });
    assert.equal(n, 12);
    assert.equal(begins, 12);
  });

  it('lets the next transaction run after one fails, and rolls the failed one back', async () => {
    // given
    const failing = sequelize.transaction(async (transaction) => {
      await sequelize.query('UPDATE counter SET n = 99', { transaction });
      throw new Error('refused');
    });
    const next = sequelize.transaction((transaction) => sequelize.query('UPDATE counter SET n = n + 1', { transaction }));
    // when
    await assert.rejects(failing, /refused/);
    await next;
    // then
    const [{ n }] = await sequelize.query<{ n: number }>('SELECT n FROM counter', { type: QueryTypes.SELECT });
    assert.equal(n, 1);
  });

  it('ends a transaction begun inside another (not given it) with SQLITE_BUSY, instead of queueing it behind its own parent for ever', async () => {
    // when
    const nested = sequelize.transaction(async () => sequelize.transaction(async (inner) => sequelize.query('UPDATE counter SET n = 5', { transaction: inner })));
    // then
    await assert.rejects(nested, /SQLITE_BUSY/);
  });
});
