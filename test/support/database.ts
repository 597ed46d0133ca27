/**
 * Each suite gets its own empty database: a fresh SQLite file by default, or,
 * when TEST_DATABASE_URL names a PostgreSQL server (as .ci/run does), a new
 * database on it. The CI cluster is thrown away whole, so nothing is dropped.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { Sequelize } from 'sequelize';
import { openDatabase } from '../../server/db/connection.js';
import { migrateUp } from '../../server/db/migrator.js';

export function usingPostgres(): boolean {
  return Boolean(process.env.TEST_DATABASE_URL);
}

/** The SQLite files' folders of this test process, removed when it exits (a full run made about 1,700). */
const sqliteDirs: string[] = [];
process.once('exit', () => {
  for (const dir of sqliteDirs) fs.rmSync(dir, { recursive: true, force: true });
});

export async function freshDatabaseUrl(): Promise<string> {
  if (!usingPostgres()) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhuce-test-'));
    sqliteDirs.push(dir);
    return `sqlite:${path.join(dir, 'test.sqlite')}`;
  }
  const name = `zhuce_test_${crypto.randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh database with every migration applied. */
export async function migratedDatabase(): Promise<Sequelize> {
  const sequelize = openDatabase(await freshDatabaseUrl());
  await migrateUp(sequelize);
  return sequelize;
}
