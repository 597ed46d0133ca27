/**
 * One scenario world per spec file and engine: a fresh database (SQLite, or
 * PostgreSQL with TEST_DATABASE_URL) with the demo data set, and the system as
 * `npm start` builds it (startRuntime: processes and forms deployed, inbox,
 * the real workers) on the given engine, with an offset clock and short
 * deadlines on demand. The actors are the demo accounts.
 *
 * Zeebe is one long-lived broker for every spec file of a run, so:
 * - application ids start at a random large number per database: they are the
 *   correlation keys of every message and the key by which a worker finds its
 *   case, and ids from two fresh databases would otherwise be the same;
 * - close() cancels every process instance the world started before it stops
 *   the runtime, so no case waits on the broker for a later spec's workers;
 * - one world at a time: the Zeebe adapter's incident sink listens on one port.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { QueryTypes, type Sequelize } from 'sequelize';
import type { Account } from '../../../../server/db/models/account.js';
import type { Enterprise } from '../../../../server/db/models/enterprise.js';
import { defineModels, type Models } from '../../../../server/db/models/index.js';
import type { Person } from '../../../../server/db/models/person.js';
import { loadConfig } from '../../../../server/config.js';
import { tuneDatabase } from '../../../../server/db/connection.js';
import { startRuntime, type Runtime } from '../../../../server/runtime.js';
import { seedDemo } from '../../../../server/seed/demo.js';
import { migratedDatabase, usingPostgres } from '../../../support/database.js';
import { ShortDeadlines } from './deadlines.js';
import type { ScenarioEngine } from './engines.js';
import { OffsetClock } from '../../../support/offset-clock.js';

const ROOT = path.resolve('.');
/** Ids below this are left to the seed and to tests that count from 1. */
const LOWEST_FIRST_ID = 1_000_000;
/** INTEGER columns hold up to 2^31 - 1; leave room for the cases of one spec. */
const HIGHEST_FIRST_ID = 2_000_000_000;

export interface World {
  engineName: ScenarioEngine['name'];
  sequelize: Sequelize;
  models: Models;
  clock: OffsetClock;
  runtime: Runtime;
  deadlines: ShortDeadlines;
  /** What the runtime logged, for a failing scenario to show. */
  log: string[];
  account(username: string): Promise<Account>;
  person(username: string): Promise<Person>;
  /** The enterprise of an employer account. */
  enterprise(username: string): Promise<Enterprise>;
  close(): Promise<void>;
}

/** Accounts by username (cached), and the person or enterprise an account stands for. */
export function partiesOf(models: Models): Pick<World, 'account' | 'person' | 'enterprise'> {
  const accounts = new Map<string, Account>();
  const account = async (username: string) => {
    let found = accounts.get(username);
    if (!found) {
      found = (await models.Account.findOne({ where: { username } })) ?? undefined;
      if (!found) throw new Error(`no account ${username}`);
      accounts.set(username, found);
    }
    return found;
  };
  return {
    account,
    async person(username) {
      const person = await models.Person.findByPk((await account(username)).personId!);
      if (!person) throw new Error(`${username} is not an applicant`);
      return person;
    },
    async enterprise(username) {
      const enterprise = await models.Enterprise.findByPk((await account(username)).enterpriseId!);
      if (!enterprise) throw new Error(`${username} is not an employer`);
      return enterprise;
    },
  };
}

export async function openWorld(engine: ScenarioEngine): Promise<World> {
  const sequelize = await migratedDatabase();
  // As server/main.ts opens it: WAL and synchronous = NORMAL on SQLite.
  await tuneDatabase(sequelize);
  const models = defineModels(sequelize);
  const clock = new OffsetClock();
  await seedDemo(sequelize, models, { clock, backgroundPersons: 0 });
  await startApplicationIdsAt(sequelize, crypto.randomInt(LOWEST_FIRST_ID, HIGHEST_FIRST_ID));
  const log: string[] = [];
  const say = (line: string) => {
    log.push(line);
    if (process.env.SCENARIO_LOG) console.log(`[${engine.name}] ${line}`);
  };
  const deadlines = new ShortDeadlines();
  const runtime = await startRuntime({
    config: loadConfig({}),
    sequelize,
    models,
    clock,
    rootDir: ROOT,
    engine: engine.create(sequelize, say),
    workers: deadlines.workers(),
    log: say,
  });

  const parties = partiesOf(models);

  return {
    engineName: engine.name,
    sequelize,
    models,
    clock,
    runtime,
    deadlines,
    log,
    ...parties,
    async close() {
      const started = await models.Application.findAll({ attributes: ['processInstanceKey'] });
      for (const { processInstanceKey } of started) {
        // An instance that has ended is gone already; that is what this wants.
        if (processInstanceKey) await runtime.engine.cancelInstance(processInstanceKey).catch(() => undefined);
      }
      await runtime.stop();
      await sequelize.close();
    },
  };
}

/** The next application gets id `first`. */
async function startApplicationIdsAt(sequelize: Sequelize, first: number): Promise<void> {
  if (usingPostgres()) {
    await sequelize.query("SELECT setval(pg_get_serial_sequence('applications', 'id'), :last)", { replacements: { last: first - 1 }, type: QueryTypes.SELECT });
    return;
  }
  // AUTOINCREMENT tables draw from sqlite_sequence; the row appears with the first insert.
  await sequelize.query("DELETE FROM sqlite_sequence WHERE name = 'applications'");
  await sequelize.query("INSERT INTO sqlite_sequence (name, seq) VALUES ('applications', :last)", { replacements: { last: first - 1 } });
}
