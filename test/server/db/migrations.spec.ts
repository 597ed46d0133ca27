import assert from 'node:assert/strict';
import { openDatabase } from '../../../server/db/connection.js';
import { createMigrator } from '../../../server/db/migrator.js';
import { freshDatabaseUrl } from '../../support/database.js';

describe('migrations', () => {
  it('go all the way up, all the way down, and up again', async () => {
    // given
    const sequelize = openDatabase(await freshDatabaseUrl());
    const migrator = createMigrator(sequelize);
    try {
      // when
      await migrator.up();
      const tablesUp = await sequelize.getQueryInterface().showAllTables();
      await migrator.down({ to: 0 });
      const tablesDown = await sequelize.getQueryInterface().showAllTables();
      await migrator.up();
      const tablesAgain = await sequelize.getQueryInterface().showAllTables();

      // then
      for (const table of ['persons', 'enterprises', 'applications', 'inbox_tasks', 'audit_log']) {
        assert.ok(tablesUp.includes(table), `${table} exists after up`);
      }
      assert.deepEqual(
        tablesDown.filter((t) => t !== 'schema_migrations'),
        [],
        'only the migration ledger is left after down',
      );
      assert.deepEqual([...tablesAgain].sort(), [...tablesUp].sort());
      assert.deepEqual(await migrator.pending(), []);
    } finally {
      await sequelize.close();
    }
  });
});
