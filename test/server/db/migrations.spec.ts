import assert from 'node:assert/strict';
import { QueryTypes } from 'sequelize';
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

  it('fills in the candidate groups of the tasks that arrived before the inbox read them on the task (0017)', async () => {
    // given two tasks with their candidates, recorded before 0017
    const sequelize = openDatabase(await freshDatabaseUrl());
    const migrator = createMigrator(sequelize);
    try {
      await migrator.up({ to: '0016-account-supervisor-index' });
      const task = async (n: number, groups: string[]) => {
        await sequelize.query(
          `INSERT INTO inbox_tasks ("elementInstanceKey", "jobKey", "processInstanceKey", "bpmnProcessId", "elementId", name, status, anomaly, "createdAt", "updatedAt")
           VALUES ('ei-${n}', 'job-${n}', 'pi-${n}', 'zhuce-initial-engineer', 'Task_MinistryAcceptance', '部级受理', 'open', false, '2026-11-23 02:00:00', '2026-11-23 02:00:00')`,
        );
        const [{ id }] = await sequelize.query<{ id: number }>('SELECT MAX(id) AS id FROM inbox_tasks', { type: QueryTypes.SELECT });
        for (const group of groups) {
          await sequelize.query(`INSERT INTO inbox_task_candidates ("taskId", "candidateGroup", status, "createdAt") VALUES (${id}, '${group}', 'open', '2026-11-23 02:00:00')`);
        }
        return id;
      };
      const single = await task(1, ['ministry:engineer']);
      const shared = await task(2, ['ministry:engineer', 'ministry:architect']);
      const none = await task(3, []);
      // when
      await migrator.up();
      // then
      const rows = await sequelize.query('SELECT id, "candidateGroup", "candidateGroups" FROM inbox_tasks ORDER BY id', { type: QueryTypes.SELECT });
      assert.deepEqual(rows, [
        { id: single, candidateGroup: 'ministry:engineer', candidateGroups: ',ministry:engineer,' },
        { id: shared, candidateGroup: '*', candidateGroups: ',ministry:architect,ministry:engineer,' },
        { id: none, candidateGroup: null, candidateGroups: null },
      ]);
    } finally {
      await sequelize.close();
    }
  });
});
