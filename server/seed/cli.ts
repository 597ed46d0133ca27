/**
 * `npm run seed -- --persons N [--seed S] [--batch B]`: adds N synthetic
 * persons (and enterprises, qualifications, social security, registrations)
 * to the database named by DATABASE_URL, migrating it first.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../config.js';
import { openDatabase, tuneDatabase } from '../db/connection.js';
import { migrateUp } from '../db/migrator.js';
import { defineModels } from '../db/models/index.js';
import { RegisterSeeder } from './registers.js';

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '1000' },
    seed: { type: 'string' },
    batch: { type: 'string', default: '2000' },
  },
});

const persons = Number(values.persons);
const batchSize = Number(values.batch);
if (!Number.isInteger(persons) || persons < 1) throw new Error('--persons must be a positive integer');
if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error('--batch must be a positive integer');

const config = loadConfig();
const sequelize = openDatabase(config.databaseUrl);
await tuneDatabase(sequelize);
await migrateUp(sequelize);
const models = defineModels(sequelize);
// A new seed per run unless given, so repeated runs add new people instead of colliding.
const existing = await models.Person.count();
const seed = values.seed ?? `run-${existing}`;
const started = Date.now();
const summary = await new RegisterSeeder(sequelize, models, {
  persons,
  seed,
  batchSize,
  sequenceStart: existing + 1,
  referenceDate: new Date().toISOString().slice(0, 10),
  onProgress: (done, total) => process.stdout.write(`\r${done}/${total} persons`),
}).run();
process.stdout.write('\n');
console.log(JSON.stringify({ ...summary, seconds: (Date.now() - started) / 1000 }));
await sequelize.close();
